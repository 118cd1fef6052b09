import { Link, Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { deploymentsApiRef } from '@internal/plugin-deployments';
import { reviewUrgency } from '@internal/plugin-deployments-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';

/** Rows shown; the board has the rest. */
const MAX_ROWS = 8;

/** What waits for a reviewer now: rows needing review, and services whose clusters drifted apart. */
export function ReviewQueue() {
  const api = useApi(deploymentsApiRef);
  const {
    value: board,
    loading,
    error,
  } = useAsync(() => api.getBoard(), [api]);
  if (loading) return <Progress />;
  if (error || !board) {
    return (
      <WarningPanel
        title="The deployments board could not be read"
        message={error?.message}
      />
    );
  }
  const review = board.rows
    .filter(r => r.needsReview.some(n => n.kind !== 'VersionDrift'))
    .sort((a, b) => reviewUrgency(a) - reviewUrgency(b));
  const drift = board.rows.filter(r => r.drift);
  const hidden = Math.max(0, review.length + drift.length - MAX_ROWS);
  return (
    <Box data-testid="home-review-queue">
      <Typography variant="body2" gutterBottom>
        <b>{review.length}</b> application{review.length === 1 ? '' : 's'} need
        review
        {' · '}
        <b>{drift.length}</b> behind the other cluster ·{' '}
        <Link to="/deployments">open the board</Link>
      </Typography>
      {review.slice(0, MAX_ROWS).map(r => (
        <Typography variant="body2" key={r.id}>
          <EntityRefLink entityRef={r.entityRef} defaultKind="component" /> in{' '}
          {r.cluster}: {r.needsReview.map(n => n.message).join('; ')}
        </Typography>
      ))}
      {drift.slice(0, Math.max(0, MAX_ROWS - review.length)).map(r => (
        <Typography variant="body2" key={`drift-${r.id}`}>
          <EntityRefLink entityRef={r.entityRef} defaultKind="component" /> in{' '}
          {r.cluster}: {r.drift!.message}
        </Typography>
      ))}
      {hidden > 0 && (
        <Typography variant="body2" color="textSecondary">
          and {hidden} more on the <Link to="/deployments">board</Link>
        </Typography>
      )}
    </Box>
  );
}
