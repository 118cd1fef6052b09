import {
  IncomingHttpHeaders,
  IncomingMessage,
  Server,
  ServerResponse,
  createServer,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { FaultDecision, FaultRegistry, dropFromLists } from './faults';

export interface SimRequest {
  method: string;
  url: URL;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A response: JSON when `body` is an object, raw text or bytes otherwise. */
export interface SimResponse {
  status: number;
  headers?: Record<string, string | number>;
  body?: unknown;
  /** Takes over the raw response (streaming, e.g. Kubernetes watch). */
  stream?: (res: ServerResponse, req: IncomingMessage) => void;
}

/** How an upstream shapes errors, so injected faults look native. */
export interface ErrorShaper {
  error(status: number, message: string): SimResponse;
  throttle(retryAfterSeconds: number): SimResponse;
}

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

/** Cuts the lists of a successful answer for a `dropFraction` fault (default: {@link dropFromLists}). */
export type AnswerDropper = (body: unknown, fraction: number) => unknown;

/**
 * The answer as the `empty` and `dropFraction` faults change it: only successful JSON answers
 * (2xx with an object or list body); errors, text and streams pass unchanged.
 */
export function applyAnswerFault(
  response: SimResponse,
  decision: FaultDecision,
  drop: AnswerDropper = dropFromLists,
): SimResponse {
  if (decision.kind !== 'empty' && decision.kind !== 'drop') return response;
  const { status, body } = response;
  if (
    response.stream ||
    status < 200 ||
    status > 299 ||
    typeof body !== 'object' ||
    body === null ||
    Buffer.isBuffer(body)
  ) {
    return response;
  }
  return {
    ...response,
    body: decision.kind === 'drop' ? drop(body, decision.fraction) : {},
  };
}

export function json(
  status: number,
  body: unknown,
  headers?: Record<string, string | number>,
): SimResponse {
  return { status, body, headers };
}

/** Parses a JSON body, returning undefined for an empty one; throws on bad JSON. */
export function parseJsonBody<T = any>(req: SimRequest): T | undefined {
  if (req.body.length === 0) return undefined;
  return JSON.parse(req.body.toString('utf8')) as T;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: SimResponse, malformed = false) {
  const headers: Record<string, string | number> = { ...response.headers };
  let payload: Buffer | string = '';
  if (response.body !== undefined) {
    if (typeof response.body === 'string' || Buffer.isBuffer(response.body)) {
      payload = response.body;
      headers['content-type'] ??= 'text/plain; charset=utf-8';
    } else {
      payload = JSON.stringify(response.body);
      headers['content-type'] ??= 'application/json';
    }
  }
  if (malformed) {
    const text = payload.toString();
    payload =
      text.length > 2 ? text.slice(0, Math.ceil(text.length / 2)) : '{"';
  }
  headers['content-length'] = Buffer.byteLength(payload);
  res.writeHead(response.status, headers);
  res.end(payload);
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Creates an HTTP server for one upstream: reads the body, applies injected
 * faults, calls the handler and writes its answer (emptied or cut by the
 * `empty`/`dropFraction` faults). Handler errors become a native-looking 500.
 */
export function createUpstreamServer(options: {
  id: string;
  faults: FaultRegistry;
  errors: ErrorShaper;
  handler: Handler;
  /** How a `dropFraction` fault cuts this upstream's answers; every top-level list unless set. */
  dropFromAnswer?: AnswerDropper;
}): Server {
  const { id, faults, errors, handler } = options;
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const decision = faults.decide(id, url.pathname);
      if (decision.latencyMs > 0) await sleep(decision.latencyMs);
      if (decision.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (decision.kind === 'hang') {
        req.resume();
        return; // closed by server.close / closeAllConnections
      }
      const body = await readBody(req);
      if (decision.kind === 'throttle') {
        send(res, errors.throttle(decision.retryAfter));
        return;
      }
      if (decision.kind === 'error') {
        send(
          res,
          errors.error(
            decision.status,
            `injected fault: status ${decision.status}`,
          ),
        );
        return;
      }
      const response = await handler({
        method: req.method ?? 'GET',
        url,
        path: url.pathname,
        headers: req.headers,
        body,
      });
      if (response.stream) {
        response.stream(res, req);
        return;
      }
      send(
        res,
        applyAnswerFault(response, decision, options.dropFromAnswer),
        decision.kind === 'malformed',
      );
    } catch (error) {
      if (!res.headersSent) {
        send(
          res,
          errors.error(500, `internal error: ${(error as Error).message}`),
        );
      } else {
        res.destroy();
      }
    }
  });
  server.keepAliveTimeout = 5000;
  return server;
}

/** Listens on 127.0.0.1 and resolves with the bound port (0 picks a free one). */
export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Closes a server, including kept-alive and hanging connections. */
export function close(server: Server): Promise<void> {
  return new Promise(resolve => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export function bearerToken(req: SimRequest): string | undefined {
  const auth = req.headers.authorization;
  if (!auth) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(auth);
  return m?.[1].trim();
}
