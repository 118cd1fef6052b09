import { TableColumn, WarningPanel } from '@backstage/core-components';
import {
  IngestionStatus,
  Severity,
  VulnerablePackage,
} from '@internal/plugin-security-findings-common';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';

export const SEVERITY_COLORS: Record<Severity, string> = {
  CRITICAL: '#7b1fa2',
  HIGH: '#d32f2f',
  MEDIUM: '#ef6c00',
  LOW: '#546e7a',
  INFORMATIONAL: '#9e9e9e',
};

export function SeverityChip(props: { severity: Severity }) {
  return (
    <Chip
      size="small"
      label={props.severity}
      style={{
        backgroundColor: SEVERITY_COLORS[props.severity],
        color: '#fff',
        fontWeight: 600,
      }}
    />
  );
}

/**
 * One line, cut with an ellipsis past `maxWidth` (the full value in a tooltip), so versions and
 * image tags never break mid-word.
 */
export function OneLine(props: {
  text?: string;
  maxWidth: string | number;
  /** Tooltip, when it should say more than the full text. */
  title?: string;
}) {
  const { text, maxWidth, title } = props;
  if (!text) return null;
  return (
    <Tooltip title={title ?? text}>
      <span
        style={{
          display: 'inline-block',
          maxWidth,
          overflow: 'hidden',
          textOverflow: 'ellipsis',
          whiteSpace: 'nowrap',
          verticalAlign: 'bottom',
        }}
      >
        {text}
      </span>
    </Tooltip>
  );
}

/** The package and fixed-in columns both finding tables share. */
/** `name installed → fixed` for every vulnerable package of a finding, one per line. */
export function PackageList(props: {
  packages: VulnerablePackage[];
  maxWidth: string;
}) {
  const { packages, maxWidth } = props;
  if (packages.length === 0) {
    return <Typography variant="caption">no package named</Typography>;
  }
  return (
    <>
      {packages.map((p, i) => (
        <Typography
          key={`${p.name}:${p.filePath ?? ''}:${i}`}
          variant="body2"
          data-testid="vulnerable-package"
        >
          <OneLine text={p.name} maxWidth={maxWidth} />
          <Typography variant="caption" display="block">
            <OneLine
              text={`${p.installedVersion} → ${
                p.fixedInVersion ?? 'no fix yet'
              }`}
              maxWidth={maxWidth}
            />
          </Typography>
        </Typography>
      ))}
    </>
  );
}

export function packageColumns<T extends { packages: VulnerablePackage[] }>(
  packageWidth: string,
): TableColumn<T>[] {
  return [
    {
      title: 'Packages (installed → fixed)',
      field: 'packages',
      customFilterAndSearch: (term: string, r: T) =>
        r.packages.some(p =>
          `${p.name} ${p.installedVersion} ${p.fixedInVersion ?? ''}`
            .toLocaleLowerCase('en-US')
            .includes(term.toLocaleLowerCase('en-US')),
        ),
      render: r => (
        <PackageList packages={r.packages} maxWidth={packageWidth} />
      ),
    },
  ];
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{
    loading: boolean;
    value?: T;
    error?: Error;
  }>({ loading: true });
  useEffect(() => {
    let live = true;
    setState({ loading: true });
    load().then(
      value => live && setState({ loading: false, value }),
      error => live && setState({ loading: false, error }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}

const when = (iso?: string) => (iso ? new Date(iso).toLocaleString() : 'never');

/** When the data was last refreshed, and why the last run failed (the data shown is the last good one). */
export function IngestionBanner(props: { status: IngestionStatus }) {
  const { lastSuccessAt, lastRun, staleClusters } = props.status;
  const held = props.status.held ?? [];
  return (
    <>
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid="last-refreshed"
      >
        Findings last refreshed: {when(lastSuccessAt)}
      </Typography>
      {held.map(h => (
        <WarningPanel
          key={`${h.source} ${h.unit}`}
          severity="warning"
          defaultExpanded
          title={`Waiting for confirmation since ${when(h.since)}: ${
            h.source
          } answered ${h.count} ${h.unit} (had ${
            h.acceptedCount
          }); showing the findings of ${when(lastSuccessAt)}`}
          message={`${h.message}. A successful answer with no findings, or far fewer than the last stored one, is not stored at once: if the next scheduled run answers the same, it is taken as real and replaces these findings; if it answers as before, this goes away. If it persists, check the SecurityHub/Inspector2 filters and access of the Pier backend.`}
        />
      ))}
      {lastRun && !lastRun.ok && lastRun.finishedAt && !lastRun.held && (
        <WarningPanel
          severity="warning"
          defaultExpanded
          title={`The last refresh (${when(
            lastRun.startedAt,
          )}) failed; showing data from ${when(lastSuccessAt)}`}
          message={`${
            lastRun.error ?? 'Unknown error'
          }. It is retried on the next scheduled run; if it keeps failing, check the AWS credentials and SecurityHub access of the Pier backend (securityFindings and aws.accounts in app-config).`}
        />
      )}
      {lastRun?.ok && lastRun.partial && (
        <WarningPanel
          severity="info"
          defaultExpanded
          title={`The last refresh (${when(
            lastRun.finishedAt,
          )}) was partial: findings are complete, Inspector detail is missing`}
          message={`${lastRun.partial}. Every open finding is listed, but fixed-in versions, package paths and remediation text are as SecurityHub reports them until Inspector2 answers again on a later run; check the Pier backend's Inspector2 access (inspector2:ListFindings) if this persists.`}
        />
      )}
      {staleClusters.length > 0 && (
        <WarningPanel
          severity="warning"
          title={`Running images of ${staleClusters.join(
            ', ',
          )} could not be read`}
          defaultExpanded
          message="Which findings run there is as of the previous refresh. Check that cluster's Kubernetes tab for connection errors."
        />
      )}
    </>
  );
}
