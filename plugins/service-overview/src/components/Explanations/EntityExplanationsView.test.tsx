import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityExplanations,
  Explanation,
} from '@internal/plugin-service-overview-common';
import { EntityExplanationsView } from './EntityExplanationsCard';

const oom: Explanation = {
  id: 'oom-killed',
  severity: 'warning',
  service: 'payouts-service',
  cluster: 'nonprod',
  title: 'payouts-service ran out of memory (OOMKilled) and was restarted',
  cause:
    'Container payouts-service was killed for using more than its 512Mi memory limit.',
  evidence: [],
  fix: [
    'Raise resources.limits.memory to 768Mi',
    'Merge, and let Argo CD sync',
  ],
  file: {
    repository: 'gitops',
    repositoryUrl: 'https://github.example.com/acme/infra',
    path: 'apps/payouts-service/values-nonprod.yaml',
    change: 'resources.limits.memory: 512Mi → 768Mi',
  },
  relatedFiles: [],
  objects: ['Pod payments/payouts-service-abc'],
};

const answer = (over: Partial<EntityExplanations>): EntityExplanations => ({
  entityRef: 'component:default/payouts-service',
  generatedAt: new Date().toISOString(),
  status: { part: 'explanations', state: 'ok' },
  clusters: [
    {
      cluster: 'nonprod',
      explanations: [oom],
      readAt: new Date().toISOString(),
    },
    { cluster: 'prod', explanations: [], readAt: new Date().toISOString() },
  ],
  ...over,
});

describe('EntityExplanationsView', () => {
  it('opens the first explanation of a cluster with its cause, steps and the file to change, and says when a cluster is fine', async () => {
    await renderInTestApp(<EntityExplanationsView explanations={answer({})} />);
    const nonprod = screen.getByTestId('explanations-nonprod');
    expect(within(nonprod).getByText(/512Mi memory limit/)).toBeInTheDocument();
    expect(
      within(nonprod).getByText('Raise resources.limits.memory to 768Mi'),
    ).toBeInTheDocument();
    const file = within(nonprod).getByTestId('explanation-file');
    // (The link says for screen readers that it opens a new window.)
    expect(file).toHaveTextContent(
      /^In the GitOps repository: apps\/payouts-service\/values-nonprod\.yaml(, Opens in a new window)? — resources\.limits\.memory: 512Mi → 768Mi$/,
    );
    expect(within(file).getByRole('link')).toHaveAttribute(
      'href',
      'https://github.example.com/acme/infra/apps/payouts-service/values-nonprod.yaml',
    );
    // Closing it leaves the title.
    await userEvent.click(within(nonprod).getByText('hide the fix'));
    expect(within(nonprod).queryByText(/512Mi memory limit/)).toBeNull();
    expect(
      within(screen.getByTestId('explanations-prod')).getByText(
        /Nothing the platform knows as a common failure/,
      ),
    ).toBeInTheDocument();
  });

  it('cuts a long quoted cause at a word, and shows all of it on demand', async () => {
    const tail = 'the last words of a long kubelet message';
    const cause = `Back-off pulling image: ${'rpc error: code = NotFound '.repeat(
      12,
    )}${tail}`;
    await renderInTestApp(
      <EntityExplanationsView
        explanations={answer({
          clusters: [
            {
              cluster: 'nonprod',
              explanations: [{ ...oom, cause }],
              readAt: new Date().toISOString(),
            },
          ],
        })}
      />,
    );
    const shown = screen.getByTestId('explanation-cause');
    expect(shown).toHaveTextContent(/^Back-off pulling image: rpc error/);
    expect(shown).not.toHaveTextContent(tail);
    expect(shown.textContent!.length).toBeLessThan(cause.length);
    await userEvent.click(within(shown).getByText('show all'));
    expect(screen.getByTestId('explanation-cause')).toHaveTextContent(tail);
  });

  it('keeps the last good explanations of a cluster whose state was not read, saying since when', async () => {
    const readAt = new Date(Date.now() - 5 * 60_000).toISOString();
    await renderInTestApp(
      <EntityExplanationsView
        explanations={answer({
          status: {
            part: 'explanations',
            state: 'stale',
            message: 'nonprod: HTTP 503',
          },
          clusters: [
            {
              cluster: 'nonprod',
              explanations: [oom],
              readAt,
              problem: 'nonprod Kubernetes answered HTTP 503',
            },
          ],
        })}
      />,
    );
    expect(screen.getByTestId('explanations-stale-nonprod')).toHaveTextContent(
      /nonprod Kubernetes and Argo CD state not read: nonprod Kubernetes answered HTTP 503; showing data last read 5 min ago/,
    );
    expect(screen.getByText(oom.title)).toBeInTheDocument();
  });

  it('says why there are none for a service without the Kubernetes annotations', async () => {
    await renderInTestApp(
      <EntityExplanationsView
        explanations={answer({
          status: {
            part: 'explanations',
            state: 'not-applicable',
            message:
              'No explanations without the backstage.io/kubernetes-id and backstage.io/kubernetes-namespace annotations: add them to catalog-info.yaml.',
          },
          clusters: [],
        })}
      />,
    );
    expect(screen.getByTestId('explanations-status')).toHaveTextContent(
      /add them to catalog-info.yaml/,
    );
  });
});
