import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import {
  ComplianceResponse,
  DashboardResponse,
} from '@internal/plugin-security-findings-common';
import { SecurityFindingsApi, securityFindingsApiRef } from '../../api';
import {
  dashboardFixture,
  failedLastRun,
  heldLastRun,
  neverIngested,
} from '../__fixtures__/findings';
import { SecurityPage } from './SecurityPage';

function render(
  getDashboard: SecurityFindingsApi['getDashboard'],
  getCompliance: SecurityFindingsApi['getCompliance'] = jest.fn(),
) {
  const api: SecurityFindingsApi = {
    getEntityFindings: jest.fn(),
    getDashboard,
    getCompliance,
    downloadCsv: jest.fn(),
  };
  return renderInTestApp(<SecurityPage />, {
    apis: [[securityFindingsApiRef, api]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

jest.setTimeout(60_000);

describe('SecurityPage', () => {
  it('shows a progress bar while loading', async () => {
    await render(() => new Promise<DashboardResponse>(() => {}));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('lists what is deployed and vulnerable, linking to the service tab', async () => {
    await render(async () => dashboardFixture);
    const deployed = (
      await screen.findByText(/^Deployed and vulnerable: .* \(1\)$/)
    ).closest('div[class*="MuiPaper"]') as HTMLElement;
    const table = within(deployed);
    expect(table.getByRole('link', { name: 'checkout-api' })).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-api/security',
    );
    expect(table.getByText('CVE-2026-1111')).toBeInTheDocument();
    expect(
      table.getAllByText('3.0.13-1~deb12u1 → 3.0.14-1~deb12u1'),
    ).toHaveLength(2);
    expect(
      screen.getByText('Open vulnerability findings (2)'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('total-CRITICAL')).getByText('1 running'),
    ).toBeInTheDocument();
    expect(screen.getByText(/1 open longer than 15 days/)).toBeInTheDocument();
    expect(screen.queryByText(/failed/)).not.toBeInTheDocument();
  });

  it('counts suppressed findings apart from the open ones', async () => {
    await render(async () => dashboardFixture);
    expect(await screen.findByTestId('total-suppressed')).toHaveTextContent(
      'Not counted: 1 suppressed',
    );
    expect(
      within(screen.getByTestId('total-HIGH')).getByText('0'),
    ).toBeInTheDocument();
    const byService = within(
      screen
        .getByText('By service')
        .closest('div[class*="MuiPaper"]') as HTMLElement,
    );
    expect(
      byService.getByRole('columnheader', { name: 'Suppressed' }),
    ).toBeInTheDocument();
  });

  it('draws the trend for 30 or 90 days', async () => {
    await render(async () => dashboardFixture);
    expect(
      await screen.findByText('Open critical and high, last 30 days'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: 'Open critical and high findings per day',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Lighter bars are reconstructed/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '90 d' }));
    expect(
      screen.getByText('Open critical and high, last 90 days'),
    ).toBeInTheDocument();
  });

  it('explains that nothing has been ingested yet', async () => {
    await render(async () => ({ ...dashboardFixture, status: neverIngested }));
    expect(
      await screen.findByText(/No findings have been ingested yet/),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/Deployed and vulnerable/),
    ).not.toBeInTheDocument();
  });

  it('says when no critical or high finding runs anywhere', async () => {
    await render(async () => ({ ...dashboardFixture, deployedVulnerable: [] }));
    expect(
      await screen.findByText(/^Deployed and vulnerable: .* \(0\)$/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /No critical or high finding is on an image running now/,
      ),
    ).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    await render(async () => {
      throw await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message: 'Not allowed to read the dashboard',
            },
            response: { statusCode: 403 },
          }),
          {
            status: 403,
            statusText: 'Forbidden',
            headers: { 'content-type': 'application/json' },
          },
        ) as any,
      );
    });
    expect(
      await screen.findAllByText(/Not allowed to read the dashboard/),
    ).not.toHaveLength(0);
  });

  it('keeps the last good data and says why it is stale', async () => {
    await render(async () => ({ ...dashboardFixture, status: failedLastRun }));
    expect(
      await screen.findByText(
        /Security findings not read: SecurityHub GetFindings .*: 429 TooManyRequestsException; showing data last read 24 h ago\./,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The last refresh \(.* UTC\) failed/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Running images of prod could not be read/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^Deployed and vulnerable: .* \(1\)$/),
    ).toBeInTheDocument();
  });

  it('keeps the last good data when an answer waits for confirmation, saying what and since when', async () => {
    await render(async () => ({ ...dashboardFixture, status: heldLastRun }));
    expect(
      await screen.findByText(
        /SecurityHub \(111111111111\/eu-west-1\) answer held since .* UTC, waiting for confirmation by the next read: answered 0 findings \(had 400\); showing data last read 24 h ago\./,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/not stored, waiting for confirmation by the next run/),
    ).toBeInTheDocument();
    // Not a failure: no "the last refresh failed" banner.
    expect(screen.queryByText(/not read/)).toBeNull();
    expect(
      screen.getByText(/^Deployed and vulnerable: .* \(1\)$/),
    ).toBeInTheDocument();
  });

  it('shows compliance controls in their own tab, by control and account, apart from vulnerabilities', async () => {
    const compliance: ComplianceResponse = {
      status: dashboardFixture.status,
      enabled: true,
      totals: {
        findings: 7,
        counts: { FAILED: 2, WARNING: 0, NOT_AVAILABLE: 1, PASSED: 4 },
        controls: 2,
        failedControls: {
          CRITICAL: 0,
          HIGH: 0,
          MEDIUM: 1,
          LOW: 0,
          INFORMATIONAL: 0,
        },
      },
      controls: [
        {
          controlId: 'S3.5',
          title:
            'S3 general purpose buckets should require requests to use SSL',
          severity: 'MEDIUM',
          standards: ['AWS FSBP v1.0.0', 'PCI DSS v3.2.1'],
          counts: { FAILED: 2, WARNING: 0, NOT_AVAILABLE: 0, PASSED: 2 },
          failingResources: 1,
          remediationUrl:
            'https://docs.aws.amazon.com/console/securityhub/S3.5/remediation',
          failing: [
            {
              accountId: '123456789012',
              region: 'eu-west-1',
              resourceType: 'AwsS3Bucket',
              resourceId: 'arn:aws:s3:::pier-checkout-api-exports',
              status: 'FAILED',
              standards: ['AWS FSBP v1.0.0', 'PCI DSS v3.2.1'],
              workflowStatus: 'NEW',
            },
          ],
        },
        {
          controlId: 'IAM.4',
          title: 'IAM root user access key should not exist',
          severity: 'CRITICAL',
          standards: ['CIS AWS Foundations v1.2.0'],
          counts: { FAILED: 0, WARNING: 0, NOT_AVAILABLE: 1, PASSED: 2 },
          failingResources: 0,
          failing: [],
        },
      ],
      accounts: [
        {
          accountId: '123456789012',
          region: 'eu-west-1',
          counts: { FAILED: 2, WARNING: 0, NOT_AVAILABLE: 1, PASSED: 4 },
          controls: 2,
          failedControls: 1,
        },
      ],
    };
    await render(
      async () => dashboardFixture,
      async () => compliance,
    );
    // the vulnerabilities tab counts only vulnerability findings
    expect(
      await screen.findByText('Open vulnerability findings (2)'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('tab', { name: 'Compliance controls' }),
    );
    expect(
      await screen.findByText('Compliance control findings (7)'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('compliance-FAILED')).getByText('2'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('failed-controls-MEDIUM')).getByText(
        /1 failing/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /^S3\.5\b/ })).toHaveAttribute(
      'href',
      'https://docs.aws.amazon.com/console/securityhub/S3.5/remediation',
    );
    expect(screen.getByText('IAM.4')).toBeInTheDocument();
    expect(screen.queryByText('Open vulnerability findings (2)')).toBeNull();
  });
});
