import { Server, createServer } from 'node:http';
import { catalogYaml, deriveCatalogEntities } from '../catalog';
import { CLUSTER_NAMES, Scenario, Service, startedDeploys } from '../scenario';
import { FaultRegistry, isUpstreamSelector, parseFaultSpec } from './faults';
import { handleSts } from './sts';

function readBody(req: import('node:http').IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', c => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

/**
 * The simulator's own endpoint: the derived catalog, the ports, a scenario
 * summary and run-time fault injection, and AWS STS (`POST /`, awsQuery).
 * Never subject to faults itself.
 */

/**
 * Open critical findings on the images a service's pods run now, per cluster: what the tests
 * expect the overview to call vulnerable, from the scenario rather than from Pier.
 */
function runningCriticalFindings(scenario: Scenario, service: Service) {
  const index = scenario.services.indexOf(service);
  const open = scenario.findings.filter(
    f =>
      f.serviceIndex === index &&
      f.resourceType === 'AwsEcrContainerImage' &&
      f.recordState === 'ACTIVE' &&
      f.severity === 'CRITICAL' &&
      (f.workflowStatus === 'NEW' || f.workflowStatus === 'NOTIFIED'),
  );
  return Object.fromEntries(
    CLUSTER_NAMES.map(cluster => {
      const running = new Set(
        startedDeploys(service, cluster).map(d => d.releaseIndex),
      );
      return [cluster, open.filter(f => running.has(f.releaseIndex)).length];
    }),
  );
}

export function createAdminServer(options: {
  scenario: Scenario;
  faults: FaultRegistry;
  ports: () => { datadog: number } | undefined;
}): Server {
  const { scenario, faults, ports } = options;
  const catalogOptions = () => {
    const datadog = ports()?.datadog;
    return datadog ? { datadogUrl: `http://127.0.0.1:${datadog}` } : {};
  };
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: unknown, type = 'application/json') => {
      const text =
        typeof body === 'string' ? body : JSON.stringify(body, null, 2);
      res.writeHead(status, {
        'content-type': type,
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    try {
      const path = url.pathname.replace(/\/+$/, '') || '/';
      if (path === '/healthz') return send(200, { status: 'ok' });
      // AWS STS (awsQuery): what AWS_ENDPOINT_URL_STS points the SDK at.
      if (
        path === '/' &&
        (req.method === 'POST' ||
          (req.method === 'GET' && url.searchParams.has('Action')))
      ) {
        const answer = handleSts({
          method: req.method,
          headers: req.headers,
          query: url.searchParams,
          body: req.method === 'POST' ? await readBody(req) : '',
        });
        res.writeHead(answer.status, {
          ...answer.headers,
          'content-length': Buffer.byteLength(answer.body),
        });
        res.end(answer.body);
        return undefined;
      }
      if (path === '/catalog/entities.yaml' && req.method === 'GET') {
        return send(
          200,
          catalogYaml(scenario, catalogOptions()),
          'application/yaml; charset=utf-8',
        );
      }
      if (path === '/catalog/entities.json' && req.method === 'GET') {
        return send(200, deriveCatalogEntities(scenario, catalogOptions()));
      }
      if (path === '/admin/ports' && req.method === 'GET')
        return send(200, ports());
      if (path === '/admin/scenario' && req.method === 'GET') {
        return send(200, {
          options: scenario.options,
          now: new Date(scenario.now).toISOString(),
          services: scenario.services.map(s => ({
            name: s.name,
            team: s.team.name,
            namespace: s.team.namespace,
            versions: Object.fromEntries(
              Object.entries(s.deployments).map(([c, d]) => [
                c,
                d.history.length
                  ? s.releases[d.history[d.history.length - 1].releaseIndex]
                      .version
                  : null,
              ]),
            ),
            failures: Object.fromEntries(
              Object.entries(s.deployments)
                .filter(([, d]) => d.failure)
                .map(([c, d]) => [c, d.failure]),
            ),
            runningCriticalFindings: runningCriticalFindings(scenario, s),
          })),
          nodes: {
            prod: scenario.nodes.prod.length,
            nonprod: scenario.nodes.nonprod.length,
          },
          findings: scenario.findings.length,
        });
      }
      if (path === '/admin/faults') {
        if (req.method === 'GET') return send(200, faults.list());
        if (req.method === 'DELETE') {
          const upstream = url.searchParams.get('upstream') ?? undefined;
          faults.clear(upstream);
          return send(200, faults.list());
        }
        if (req.method === 'POST') {
          let body: any;
          try {
            body = JSON.parse(await readBody(req));
          } catch {
            return send(400, {
              error:
                'body must be JSON: {upstream, latencyMs?, errorRate?, ...}',
            });
          }
          const entries = Array.isArray(body) ? body : [body];
          try {
            for (const entry of entries) {
              if (
                typeof entry?.upstream !== 'string' ||
                !isUpstreamSelector(entry.upstream)
              ) {
                throw new Error(
                  `unknown or missing upstream ${JSON.stringify(
                    entry?.upstream,
                  )}`,
                );
              }
              faults.set(entry.upstream, parseFaultSpec(entry));
            }
          } catch (e) {
            return send(400, { error: (e as Error).message });
          }
          return send(200, faults.list());
        }
      }
      return send(404, { error: `no route for ${req.method} ${path}` });
    } catch (e) {
      return send(500, { error: (e as Error).message });
    }
  });
}
