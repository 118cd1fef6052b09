import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { RefusalOrErrorPanel } from './RefusedPanel';
import { isRefusal } from './refusal';

const answer = (status: number, name: string, message: string) =>
  ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        request: { method: 'GET', url: '/api/x' },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: status === 403 ? 'Forbidden' : 'Internal Server Error',
        headers: { 'content-type': 'application/json' },
      },
    ),
  );

describe('RefusalOrErrorPanel', () => {
  it("shows a 403 as 'Not available to you' with the server's reason, not as an error", async () => {
    const error = await answer(
      403,
      'NotAllowedError',
      'Only leads and the platform team may read it; ask the platform team (platform@example.com) to add you to the Leads group.',
    );
    expect(isRefusal(error)).toBe(true);
    await renderInTestApp(
      <RefusalOrErrorPanel error={error} title="Could not load" what="It" />,
    );
    const panel = screen.getByRole('region', { name: 'Not available to you' });
    expect(panel).toHaveTextContent(
      'Not available to youItOnly leads and the platform team may read it; ask the platform team (platform@example.com) to add you to the Leads group.',
    );
    expect(panel).not.toHaveTextContent('Request failed');
    expect(screen.queryByText('Could not load')).toBeNull();
  });

  it('shows any other failure as an error', async () => {
    const error = await answer(500, 'Error', 'database is down');
    expect(isRefusal(error)).toBe(false);
    await renderInTestApp(
      <RefusalOrErrorPanel error={error} title="Could not load" />,
    );
    expect(screen.getByText(/Could not load/)).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'Not available to you' }),
    ).toBeNull();
  });
});
