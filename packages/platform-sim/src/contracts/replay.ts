import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Contract } from './contracts';

/** One answer the replay server gives. */
export interface ReplayRoute {
  method?: string;
  /** Exact pathname (query ignored) or a pattern tested against pathname + query. */
  path: string | RegExp;
  /**
   * A pattern the request body must match: tells apart operations that share one path (AWS
   * JSON protocols POST every operation to `/`) or one operation's variants (GroupBy, Filter).
   */
  requestBody?: RegExp;
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** A loopback server answering documented bodies, for feeding a plugin's own client over real HTTP. */
export interface ReplayServer {
  baseUrl: string;
  /** Requests received, as `METHOD /path?query`. */
  requests: string[];
  close(): Promise<void>;
}

/** A contract as a replay route (its documented request and body). */
export function contractRoute(contract: Contract): ReplayRoute {
  const [pathname] = contract.request.path.split('?');
  return {
    method: contract.request.method,
    path: pathname,
    body: contract.body,
  };
}

function matches(route: ReplayRoute, method: string, url: URL, body: string) {
  if (route.method && route.method.toUpperCase() !== method) return false;
  if (route.requestBody && !route.requestBody.test(body)) return false;
  return typeof route.path === 'string'
    ? route.path === url.pathname
    : route.path.test(url.pathname + url.search);
}

/** Starts a loopback server that answers each request with the first matching route (404 otherwise). */
export async function serveReplay(
  routes: ReplayRoute[],
): Promise<ReplayServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      const requestBody = Buffer.concat(chunks).toString('utf8');
      requests.push(`${method} ${url.pathname}${url.search}`);
      const route = routes.find(r => matches(r, method, url, requestBody));
      const status = route ? route.status ?? 200 : 404;
      const body = route
        ? route.body
        : { message: `no replayed answer for ${method} ${url.pathname}` };
      res.writeHead(status, {
        'content-type': 'application/json',
        ...route?.headers,
      });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
