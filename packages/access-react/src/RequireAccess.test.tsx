import { screen } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { RequireAccess } from './RequireAccess';

const costDashboard = createPermission({
  name: 'platform-cost.dashboard.read',
  attributes: { action: 'read' },
});
const securityDashboard = createPermission({
  name: 'security-findings.dashboard.read',
  attributes: { action: 'read' },
});

/** The server's answer: allows the security dashboard only. */
const policy = mockApis.permission({
  authorize: request =>
    request.permission.name === securityDashboard.name
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY,
});

describe('RequireAccess', () => {
  it("shows the table's refusal (why, and who grants it) as a page when the server refuses", async () => {
    await renderInTestApp(
      <RequireAccess
        permission={costDashboard}
        what="The cost dashboard"
        pageTitle="Cost"
      >
        <p>the dashboard</p>
      </RequireAccess>,
      { apis: [policy] },
    );
    expect(
      await screen.findByRole('region', { name: 'Not available to you' }),
    ).toHaveTextContent(
      'The cost dashboardOnly leads and the platform team may read the organisation-wide cost dashboard; ask the platform team (platform@example.com) to add you to the Leads group.',
    );
    expect(screen.getByRole('heading', { name: 'Cost' })).toBeInTheDocument();
    expect(screen.queryByText('the dashboard')).toBeNull();
  });

  it('shows what it guards when the server allows it', async () => {
    await renderInTestApp(
      <RequireAccess permission={securityDashboard}>
        <p>the dashboard</p>
      </RequireAccess>,
      { apis: [policy] },
    );
    expect(await screen.findByText('the dashboard')).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'Not available to you' }),
    ).toBeNull();
  });
});
