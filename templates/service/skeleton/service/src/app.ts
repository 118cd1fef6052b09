import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { log } from './log.ts';

export interface AppState {
  /** False until dependencies are reachable, and again while shutting down. */
  ready: boolean;
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * The HTTP service. Kubernetes probes:
 *   GET /healthz  liveness: the process is up (never checks dependencies)
 *   GET /readyz   readiness: 503 until ready, and again while draining on shutdown
 */
export function createApp(state: AppState): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log('info', 'request', { method: req.method, path: req.url, status: res.statusCode, duration_ms: ms });
    });
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return json(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      return state.ready ? json(res, 200, { status: 'ready' }) : json(res, 503, { status: 'not ready' });
    }
    if (path === '/') return json(res, 200, { service: process.env.DD_SERVICE, version: process.env.DD_VERSION });
    return json(res, 404, { error: 'not found' });
  });
}
