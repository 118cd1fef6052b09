import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { Freshness } from '@internal/pier-react';

const STATUS: Record<string, string> = {
  open: 'waiting to start',
  processing: 'running',
  completed: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
  skipped: 'skipped',
};

/** What a developer starts from: the templates they may use, and their own recent runs. */
export function JuniorStart() {
  const catalogApi = useApi(catalogApiRef);
  const scaffolderApi = useApi(scaffolderApiRef);
  const { value, loading } = useAsync(async () => {
    const [templates, runs] = await Promise.all([
      catalogApi.getEntities({
        filter: { kind: 'Template' },
        fields: ['metadata.name', 'metadata.namespace', 'metadata.title'],
      }),
      scaffolderApi
        .listTasks({ filterByOwnership: 'owned', limit: 5 })
        .catch(() => ({ tasks: [] })),
    ]);
    return { templates: templates.items, runs: runs.tasks };
  }, [catalogApi, scaffolderApi]);
  if (loading || !value) return <Progress />;
  return (
    <Box display="flex" style={{ gap: 32 }} flexWrap="wrap">
      <Box>
        <Typography variant="subtitle2">Create</Typography>
        {value.templates.map(t => (
          <Typography variant="body2" key={t.metadata.name}>
            <Link
              to={`/create/templates/${t.metadata.namespace ?? 'default'}/${
                t.metadata.name
              }`}
            >
              {t.metadata.title ?? t.metadata.name}
            </Link>
          </Typography>
        ))}
      </Box>
      <Box data-testid="home-my-runs">
        <Typography variant="subtitle2">Your recent runs</Typography>
        {!value.runs.length && (
          <Typography variant="body2">
            None yet: a template run shows here with where it is.
          </Typography>
        )}
        {value.runs.map(r => (
          <Typography variant="body2" key={r.id}>
            <Link to={`/create/tasks/${r.id}`}>
              {(r.spec as any)?.templateInfo?.entity?.metadata?.title ??
                'Template run'}
            </Link>{' '}
            — {STATUS[r.status] ?? r.status},{' '}
            <Freshness label="started" at={r.createdAt} />
          </Typography>
        ))}
      </Box>
    </Box>
  );
}
