import { fireEvent, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { PierSignInPage } from './index';
import { oidcAuthApiRef } from './oidcAuthApi';

/** The company IdP as the sign-in page sees it: no session yet, then the backend's answer. */
function companyIdp(answer: () => Promise<never>) {
  return {
    getBackstageIdentity: async (options?: { optional?: boolean }) =>
      options?.optional ? undefined : answer(),
    getProfile: async () => ({}),
    getAccessToken: async () => '',
    getIdToken: async () => '',
    signIn: async () => {},
    signOut: async () => {},
    sessionState$: () => ({ subscribe: () => ({ unsubscribe() {} }) }),
  } as any;
}

function refusedBy(name: string, message: string) {
  return async (): Promise<never> => {
    const error = new Error(message);
    error.name = name;
    throw error;
  };
}

async function renderPage(answer: () => Promise<never>) {
  await renderInTestApp(<PierSignInPage onSignInSuccess={() => {}} />, {
    apis: [[oidcAuthApiRef, companyIdp(answer)]],
    config: { app: { title: 'Pier' }, auth: { environment: 'development' } },
  });
}

describe('the sign-in page', () => {
  it('offers the company IdP only (no guest), and says who the demo people are locally', async () => {
    await renderPage(refusedBy('Error', 'unused'));
    expect(await screen.findByText('Company SSO')).toBeInTheDocument();
    expect(screen.getByText(/pick one of the demo people/)).toBeInTheDocument();
    expect(screen.getAllByRole('button')).toHaveLength(1);
    expect(screen.queryByRole('button', { name: 'Enter' })).toBeNull();
  });

  it('shows why a person the IdP knows is refused, with their e-mail', async () => {
    await renderPage(
      refusedBy(
        'NotAllowedError',
        "nobody@example.com is not a Pier user: no User in Pier's catalog has this e-mail address.",
      ),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Sign In' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'nobody@example.com is not a Pier user',
    );
  });

  it('says when the company sign-in service is unreachable', async () => {
    await renderPage(
      refusedBy(
        'ServiceUnavailableError',
        'The company sign-in service (http://127.0.0.1:7311) is unreachable, so nobody can sign in to Pier right now.',
      ),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Sign In' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The company sign-in service (http://127.0.0.1:7311) is unreachable',
    );
  });
});
