import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import { EntityFindingsResponse } from '@internal/plugin-security-findings-common';
import { SecurityFindingsApi, securityFindingsApiRef } from '../../api';
import {
  entityFixture,
  failedLastRun,
  neverIngested,
} from '../__fixtures__/findings';
import { EntitySecurityContent } from './EntitySecurityContent';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-api',
    annotations: { 'aws.amazon.com/ecr-repository': 'checkout-api' },
  },
  spec: { type: 'service', owner: 'payments', lifecycle: 'production' },
};

function render(getEntityFindings: SecurityFindingsApi['getEntityFindings']) {
  const api: SecurityFindingsApi = {
    getEntityFindings,
    getDashboard: jest.fn(),
    getCompliance: jest.fn(),
    downloadCsv: jest.fn(),
  };
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntitySecurityContent />
    </EntityProvider>,
    { apis: [[securityFindingsApiRef, api]] },
  );
}

jest.setTimeout(60_000);

describe('EntitySecurityContent', () => {
  it('shows a progress bar while loading, for this entity', async () => {
    const get = jest.fn(() => new Promise<EntityFindingsResponse>(() => {}));
    await render(get);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(get).toHaveBeenCalledWith('component:default/checkout-api');
  });

  it('lists running and registry-only findings with the SLA breach', async () => {
    await render(async () => entityFixture);
    expect(
      await screen.findByText(
        'Open findings (1 on running images, 1 registry only)',
      ),
    ).toBeInTheDocument();
    const critical = within(screen.getByTestId('count-CRITICAL'));
    expect(critical.getByText('1')).toBeInTheDocument();
    expect(critical.getByText('running, 0 registry only')).toBeInTheDocument();
    expect(
      within(screen.getByTestId('count-MEDIUM')).getByText(
        'running, 1 registry only',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('CVE-2026-1111')).toBeInTheDocument();
    // both packages of the openssl CVE, installed → fixed as dpkg writes them; zlib1g keeps its epoch
    expect(
      screen.getAllByText('3.0.13-1~deb12u1 → 3.0.14-1~deb12u1'),
    ).toHaveLength(2);
    expect(screen.getByText('libssl3')).toBeInTheDocument();
    expect(
      screen.getByText('1:1.2.13.dfsg-1 → no fix yet'),
    ).toBeInTheDocument();
    // 40 days open against the 15-day critical SLA.
    expect(screen.getByText('25 d past SLA')).toBeInTheDocument();
    expect(screen.getByText('registry only')).toBeInTheDocument();
    const running = screen.getByText(/since/).closest('p')!;
    expect(running).toHaveTextContent(/^prod since \d{4}-\d{2}-\d{2}$/);
    await userEvent.hover(running);
    expect(
      await screen.findByText('3 pods in namespace checkout'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/failed/)).not.toBeInTheDocument();
  });

  it('keeps suppressed findings out of the open counts, one click away', async () => {
    await render(async () => entityFixture);
    await screen.findByText('CVE-2026-1111');
    // The suppressed high runs in prod, yet counts nowhere as open or running.
    expect(
      within(screen.getByTestId('count-HIGH')).getByText('0'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('count-suppressed')).toHaveTextContent(
      'Not counted: 1 suppressed',
    );
    expect(screen.queryByText('CVE-2026-3333')).not.toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Suppressed (1)' }),
    );
    expect(
      await screen.findByText('Suppressed findings (1, accepted risks)'),
    ).toBeInTheDocument();
    expect(screen.getByText('CVE-2026-3333')).toBeInTheDocument();
    expect(screen.getByText('SUPPRESSED')).toBeInTheDocument();
    expect(screen.queryByText('CVE-2026-1111')).not.toBeInTheDocument();
    // 60 days old, but an accepted risk has no SLA.
    expect(screen.queryByText(/past SLA/)).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'All' }));
    expect(screen.getByText('CVE-2026-1111')).toBeInTheDocument();
    expect(screen.getByText('CVE-2026-3333')).toBeInTheDocument();
  });

  it('opens a finding for its remediation and advisory', async () => {
    await render(async () => entityFixture);
    await screen.findByText('CVE-2026-1111');
    expect(
      screen.queryByText('Upgrade openssl to 3.0.9.'),
    ).not.toBeInTheDocument();
    // Rows are sorted most severe first: the critical openssl finding is the first row.
    // material-table's toggle (its label has the library's own spelling).
    await userEvent.click(
      screen.getAllByRole('button', {
        name: 'Detail panel visiblity toggle',
      })[0],
    );
    expect(
      await screen.findByText('Upgrade openssl to 3.0.9.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /^Advisory/ })).toHaveAttribute(
      'href',
      'https://nvd.nist.gov/vuln/detail/CVE-2026-1111',
    );
  });

  it('says when the last refresh had no Inspector detail', async () => {
    await render(async () => ({
      ...entityFixture,
      status: {
        ...entityFixture.status,
        lastRun: {
          ...entityFixture.status.lastRun!,
          partial:
            'Inspector detail unavailable: Inspector2 ListFindings (111111111111/eu-west-1) failed: AccessDeniedException',
        },
      },
    }));
    expect(
      await screen.findByText(
        /The last refresh .* was partial: findings are complete/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/AccessDeniedException/)).toHaveTextContent(
      /fixed-in versions, package paths and remediation text are as SecurityHub reports them/,
    );
    expect(screen.getByText('CVE-2026-1111')).toBeInTheDocument();
  });

  it('says the service is clean when it has no open findings', async () => {
    await render(async () => ({
      ...entityFixture,
      findings: [],
      counts: {
        running: { ...entityFixture.counts.running, CRITICAL: 0 },
        registryOnly: { ...entityFixture.counts.registryOnly, MEDIUM: 0 },
        suppressed: { ...entityFixture.counts.suppressed, HIGH: 0 },
      },
    }));
    expect(
      await screen.findByText(/No open findings for this service/),
    ).toBeInTheDocument();
  });

  it('explains that nothing has been ingested yet instead of showing zero counts', async () => {
    await render(async () => ({
      ...entityFixture,
      status: neverIngested,
      findings: [],
    }));
    expect(
      await screen.findByText(/No findings have been ingested yet/),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('count-CRITICAL')).not.toBeInTheDocument();
    expect(screen.getByTestId('last-refreshed')).toHaveTextContent('never');
  });

  it('shows the backend error', async () => {
    await render(async () => {
      throw await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message: 'Not allowed to read findings',
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
      await screen.findAllByText(/Not allowed to read findings/),
    ).not.toHaveLength(0);
  });

  it('keeps the last good data and says why it is stale', async () => {
    await render(async () => ({ ...entityFixture, status: failedLastRun }));
    expect(
      await screen.findByText(
        /Security findings not read: .*429 TooManyRequestsException; showing data last read 24 h ago\./,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Running images of prod could not be read/),
    ).toBeInTheDocument();
    expect(screen.getByText('CVE-2026-1111')).toBeInTheDocument();
  });

  it('tells the owner which annotation to fix', async () => {
    await render(async () => ({
      ...entityFixture,
      problems: [
        {
          annotation: 'aws.amazon.com/ecr-repository',
          value: 'no such repo',
          message: 'No ECR repository "no such repo" has findings',
        },
      ],
    }));
    expect(
      await screen.findByText(
        /Annotation aws.amazon.com\/ecr-repository needs fixing/,
      ),
    ).toBeInTheDocument();
  });
});
