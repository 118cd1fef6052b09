// What the fault matrix reads: per upstream, the card (API) it affects and how that card says what
// is wrong; per plugin, whether its API answers 200 with data. Each probe reads one API answer and
// returns { problem, since, awaiting, data } — `problem` the message the card shows (undefined when
// the source is fine), `since` when the problem or the data shown began, `data` how much is shown.

/** The faults of the matrix, as platform-sim's admin API takes them. */
export const FAULTS = [
  { id: '5xx', label: '5xx', spec: { errorRate: 1, errorStatus: 503 } },
  {
    id: '429',
    label: '429 + Retry-After',
    spec: { status429RetryAfter: 1 },
  },
  { id: 'hang', label: 'hang past the timeout', spec: { hang: true } },
  { id: 'malformed', label: 'malformed body', spec: { malformed: true } },
  { id: 'reset', label: 'connection reset', spec: { reset: true } },
  { id: 'empty', label: '200 `{}`', spec: { empty: true } },
  { id: 'drop90', label: '200, 90 % dropped', spec: { dropFraction: 0.9 } },
];

const board = api => api.json('/api/deployments/board');

/**
 * The board's banner for a source (plugins/deployments, sourceProblemTitle, without the ages): the
 * card names the source itself, the reason is the backend's.
 */
function bannerText(what, src) {
  const since = src.since ? ` since ${src.since.slice(11, 16)} UTC` : '';
  const state = src.awaitingConfirmation
    ? `answer held${since}, waiting for confirmation by the next read`
    : `not read${since}`;
  return `${what} ${state}: ${(src.error ?? 'unknown error').replace(
    /[.\s]+$/,
    '',
  )}`;
}

function boardProbe(cluster, part) {
  const what = `${cluster} ${
    part === 'argocd' ? 'Argo CD' : 'Kubernetes replica counts'
  }`;
  return {
    lane: part === 'argocd' ? 'b' : 'a',
    plugin: 'deployments',
    card: `Deployments board, ${
      part === 'argocd' ? 'Argo CD' : 'replica counts'
    } ${cluster}`,
    names: part === 'argocd' ? /Argo ?CD/i : /Kubernetes|replica/i,
    async read(api) {
      const b = await board(api);
      const s = b.sources.find(x => x.cluster === cluster) ?? {};
      const src = part === 'argocd' ? s : s.replicas ?? {};
      const rows = b.rows.filter(
        r => r.cluster === cluster && (part === 'argocd' ? r.app : r.replicas),
      );
      return {
        problem:
          src.ok === false || src.error ? bannerText(what, src) : undefined,
        since: src.since,
        awaiting: src.awaitingConfirmation,
        data: rows.length,
      };
    },
  };
}

function datadogProbe(entityRef) {
  return {
    lane: 'b',
    plugin: 'datadog-apm',
    card: 'Service APM card (metrics, monitors, SLOs)',
    names: /Datadog/i,
    async read(api) {
      const e = await api.json(
        `/api/datadog-apm/entity?entityRef=${encodeURIComponent(entityRef())}`,
      );
      const sections = ['metrics', 'monitors', 'slos'].map(
        k => e.apm?.[k] ?? {},
      );
      const bad = sections.find(s => s.stale || s.error);
      return {
        problem: bad ? bad.stale?.reason ?? bad.error : undefined,
        since: bad ? bad.stale?.since ?? bad.errorSince : undefined,
        awaiting: sections.some(s => s.stale?.awaitingConfirmation),
        data: sections.filter(s => s.data !== undefined).length,
      };
    },
  };
}

/** The security dashboard's ingestion status, for runs begun after `from` (the fault's start). */
function securityProbe(source) {
  return {
    lane: 'a',
    plugin: 'security-findings',
    card: 'Security dashboard (ingestion status)',
    names: source,
    async read(api, from) {
      const d = await api.json('/api/security-findings/dashboard');
      const { status } = d;
      const run = status.lastRun;
      const fresh = run && run.finishedAt && Date.parse(run.startedAt) >= from;
      const held = (status.held ?? []).find(h => source.test(h.source));
      const message = fresh
        ? run.ok
          ? run.partial
          : held?.message ?? run.error ?? run.held
        : undefined;
      return {
        problem: message,
        since: held?.since ?? status.lastSuccessAt,
        awaiting: Boolean(held),
        data: d.totals.findings,
        settled: Boolean(fresh),
      };
    },
  };
}

function costProbe(source) {
  return {
    lane: 'b',
    plugin: 'platform-cost',
    card: 'Cost dashboard',
    names: source,
    async read(api) {
      const d = await api.json('/api/platform-cost/dashboard');
      const held = (d.held ?? []).find(h => source.test(h.source));
      const failing = (d.sourceProblems ?? []).find(p => source.test(p.source));
      return {
        // As the banner puts it: the source, then what it answered.
        problem:
          held?.message ?? (failing && `${failing.source}: ${failing.problem}`),
        since: held?.since ?? failing?.since,
        awaiting: Boolean(held),
        data: d.total,
      };
    },
  };
}

/**
 * The upstreams of the matrix and the card each one affects. `settleMs`: how long a cell waits
 * for the card to say something, from the fault's start. `lane`: cells of one lane run one after
 * the other, the two lanes side by side (Kubernetes faults also slow the security ingestion's
 * running-image read, so they share lane a with it).
 */
export function upstreams({ datadogEntity }) {
  return [
    {
      id: 'kubernetes.prod',
      ...boardProbe('prod', 'replicas'),
      settleMs: 12_000,
    },
    {
      id: 'kubernetes.nonprod',
      ...boardProbe('nonprod', 'replicas'),
      settleMs: 12_000,
    },
    { id: 'argocd.prod', ...boardProbe('prod', 'argocd'), settleMs: 12_000 },
    {
      id: 'argocd.nonprod',
      ...boardProbe('nonprod', 'argocd'),
      settleMs: 12_000,
    },
    { id: 'datadog', ...datadogProbe(datadogEntity), settleMs: 12_000 },
    {
      id: 'aws.securityhub',
      ...securityProbe(/SecurityHub/i),
      settleMs: 20_000,
    },
    { id: 'aws.inspector2', ...securityProbe(/Inspector/i), settleMs: 20_000 },
    // Spot rates are read every run; OpenCost only by the first runs' backfill: see known-gaps.mjs.
    {
      id: 'aws.costexplorer',
      ...costProbe(/Cost Explorer/i),
      settleMs: 15_000,
    },
    { id: 'opencost', ...costProbe(/OpenCost/i), settleMs: 3_000 },
  ];
}

/** Each plugin's API answers 200 with data (the last good data, when its upstream is down). */
export function pluginChecks({ datadogEntity }) {
  return {
    deployments: async api => (await board(api)).rows.length > 0,
    'datadog-apm': async api => {
      const e = await api.json(
        `/api/datadog-apm/entity?entityRef=${encodeURIComponent(
          datadogEntity(),
        )}`,
      );
      return Boolean(e.apm?.metrics?.data || e.apm?.monitors?.data);
    },
    'security-findings': async api =>
      (await api.json('/api/security-findings/dashboard')).totals.findings > 0,
    'platform-cost': async api =>
      (await api.json('/api/platform-cost/dashboard')).total > 0,
  };
}
