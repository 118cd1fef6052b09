import { signInProviders } from './index';

describe('signInProviders', () => {
  it('offers guest sign-in locally', () => {
    expect(signInProviders(['guest'])).toEqual(['guest']);
  });

  it('offers only the company IdP in production, never guest', () => {
    const providers = signInProviders(['oidc']);
    expect(providers).toHaveLength(1);
    expect(providers[0]).toMatchObject({ id: 'oidc', title: 'Company SSO' });
  });

  it('falls back to guest when nothing is configured', () => {
    expect(signInProviders(undefined)).toEqual(['guest']);
  });

  it('refuses a configuration that would leave nobody able to sign in', () => {
    expect(() => signInProviders(['github'])).toThrow(/no known sign-in method \(github\)/);
  });
});
