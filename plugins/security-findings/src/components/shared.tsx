import { TableColumn, WarningPanel } from '@backstage/core-components';
import {
  IngestionStatus,
  VulnerablePackage,
} from '@internal/plugin-security-findings-common';
import {
  Freshness,
  SourceProblemBanner,
  formatUtc,
  useNow,
} from '@internal/pier-react';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';

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

/** When the data was last refreshed, and why the last run failed (the data shown is the last good one). */
export function IngestionBanner(props: { status: IngestionStatus }) {
  const { lastSuccessAt, lastRun, staleClusters } = props.status;
  const held = props.status.held ?? [];
  const now = useNow();
  return (
    <>
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid="last-refreshed"
      >
        <Freshness
          label="Findings last refreshed"
          never="never"
          at={lastSuccessAt}
          now={now}
        />
      </Typography>
      {held.map(h => (
        <SourceProblemBanner
          key={`${h.source} ${h.unit}`}
          held
          source={h.source}
          problem={`answered ${h.count} ${h.unit} (had ${h.acceptedCount})`}
          since={h.since}
          lastGoodAt={lastSuccessAt}
          now={now}
        >
          {`${h.message}. A successful answer with no findings, or far fewer than the last stored one, is not stored at once: if the next scheduled run answers the same, it is taken as real and replaces these findings; if it answers as before, this goes away. If it persists, check the SecurityHub/Inspector2 filters and access of the Pier backend.`}
        </SourceProblemBanner>
      ))}
      {lastRun && !lastRun.ok && lastRun.finishedAt && !lastRun.held && (
        <SourceProblemBanner
          source="Security findings"
          problem={lastRun.error}
          lastGoodAt={lastSuccessAt}
          now={now}
        >
          {`The last refresh (${formatUtc(
            lastRun.startedAt,
          )}) failed. It is retried on the next scheduled run; if it keeps failing, check the AWS credentials and SecurityHub access of the Pier backend (securityFindings and aws.accounts in app-config).`}
        </SourceProblemBanner>
      )}
      {lastRun?.ok && lastRun.partial && (
        <WarningPanel
          severity="info"
          defaultExpanded
          title={`The last refresh (${formatUtc(
            lastRun.finishedAt ?? lastRun.startedAt,
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
