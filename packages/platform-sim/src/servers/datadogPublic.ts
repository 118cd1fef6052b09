import { Scenario } from '../scenario';
import { tracePoint } from '../scenario/metrics';
import { stableHex } from '../scenario/random';
import { Service } from '../scenario/types';
import { SimResponse } from './http';

/** Token of a service's public graph (`/graph/embed?token=`), as a Datadog graph share gives. */
export function publicGraphToken(service: Service): string {
  return stableHex(`graph:${service.name}`, 40);
}

/** Path of a service's public (shared) dashboard, `/sb/<org>-<token>`. */
export function publicDashboardPath(service: Service): string {
  return `/sb/pier0${stableHex(`org`, 3)}-${stableHex(
    `dashboard:${service.name}`,
    32,
  )}`;
}

const HOUR = 3_600_000;

/** An SVG line of a service's prod requests over the last 24 hours. */
function hitsSvg(
  scenario: Scenario,
  service: Service,
  width: number,
  height: number,
) {
  const end = Math.floor(scenario.now / HOUR) * HOUR;
  const points = Array.from({ length: 48 }, (_, i) => {
    const t = end - (47 - i) * HOUR * 0.5;
    return tracePoint(scenario, service, 'prod', t, HOUR / 2).hits / 1800;
  });
  const max = Math.max(...points, 1);
  const line = points
    .map(
      (v, i) =>
        `${((i / (points.length - 1)) * (width - 20) + 10).toFixed(1)},${(
          height -
          30 -
          (v / max) * (height - 60)
        ).toFixed(1)}`,
    )
    .join(' ');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="Requests per second of ${
    service.name
  } in prod, last 24 hours">
<text x="10" y="18" font-family="sans-serif" font-size="13">trace.${
    service.operation
  }.hits{service:${service.name},env:prod} (req/s, 24h, max ${max.toFixed(
    1,
  )})</text>
<polyline fill="none" stroke="#632ca6" stroke-width="2" points="${line}"/>
</svg>`;
}

const page = (title: string, body: string): SimResponse => ({
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="margin:0;font-family:sans-serif">${body}</body></html>`,
});

/**
 * Datadog's public sharing pages (no keys): a shared dashboard (`/sb/…`) and an embeddable graph
 * (`/graph/embed?token=…&height=…&width=…`), what the Roadie Datadog plugin puts in iframes.
 * Undefined when the path is not one of them.
 */
export function publicEmbed(
  scenario: Scenario,
  path: string,
  query: URLSearchParams,
): SimResponse | undefined {
  if (path === '/graph/embed') {
    const token = query.get('token');
    const service = scenario.services.find(s => publicGraphToken(s) === token);
    if (!service) {
      return page('Graph not found', '<p>This graph is no longer shared.</p>');
    }
    const width = Math.min(2000, Number(query.get('width')) || 600);
    const height = Math.min(1000, Number(query.get('height')) || 300);
    return page(
      `${service.name} requests`,
      hitsSvg(scenario, service, width, height),
    );
  }
  if (path.startsWith('/sb/')) {
    const service = scenario.services.find(
      s => publicDashboardPath(s) === path,
    );
    if (!service) {
      return page(
        'Dashboard not found',
        '<p>This dashboard is no longer shared.</p>',
      );
    }
    return page(
      `${service.name} public dashboard`,
      `<h2 style="margin:8px">${service.name} (shared dashboard)</h2>${hitsSvg(
        scenario,
        service,
        760,
        260,
      )}`,
    );
  }
  return undefined;
}
