import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import {
  KubernetesThrottledError,
  kubernetesProxyGet,
} from './kubernetesProxyGet';

/** Stands in for the Kubernetes backend: records requests, answers as told per path. */
function fakeKubernetesBackend() {
  const seen: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req);
    if (req.url?.startsWith('/api/kubernetes/proxy/api/v1/nodes')) {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({ items: [{ metadata: { name: 'ip-10-0-0-1' } }] }),
      );
    } else if (req.url?.endsWith('/log?tailLines=2')) {
      res.setHeader('content-type', 'text/plain');
      res.end('starting\nfatal: configuration invalid\n');
    } else if (req.url?.startsWith('/api/kubernetes/proxy/throttled')) {
      res.statusCode = 429;
      const retryAfter = new URL(req.url, 'http://x').searchParams.get('after');
      if (retryAfter) res.setHeader('retry-after', retryAfter);
      res.end('{"kind":"Status","code":429}');
    } else if (req.url?.startsWith('/api/kubernetes/proxy/slow')) {
      setTimeout(() => res.end('{}'), 2_000);
    } else {
      res.statusCode = 503;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          error: { name: 'Error', message: 'cluster prod unreachable' },
        }),
      );
    }
  });
  return { server, seen };
}

describe('kubernetesProxyGet', () => {
  const { server, seen } = fakeKubernetesBackend();
  let get: ReturnType<typeof kubernetesProxyGet>;

  beforeAll(async () => {
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    get = kubernetesProxyGet({
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => `http://127.0.0.1:${port}/api/kubernetes`,
      }),
      auth: mockServices.auth(),
      timeoutMs: 500,
    });
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));

  it('asks the proxy for the path in the named cluster, as the calling plugin', async () => {
    const list = await get('nonprod', '/api/v1/nodes?limit=5');

    expect(list.items.map((n: any) => n.metadata.name)).toEqual([
      'ip-10-0-0-1',
    ]);
    const request = seen[seen.length - 1];
    expect(request.url).toBe('/api/kubernetes/proxy/api/v1/nodes?limit=5');
    expect(request.headers['backstage-kubernetes-cluster']).toBe('nonprod');
    expect(request.headers.authorization).toMatch(/^Bearer .+/);
  });

  it('reads a pod log as text', async () => {
    const log = await get(
      'prod',
      '/api/v1/namespaces/payments/pods/p-1/log?tailLines=2',
      { text: true },
    );
    expect(log).toBe('starting\nfatal: configuration invalid\n');
  });

  it('turns an error answer into a ResponseError that names the status', async () => {
    const error = await get('prod', '/api/v1/pods').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(503);
    expect(error.message).toContain('503 Service Unavailable');
  });

  it('gives up on a cluster that does not answer within the timeout', async () => {
    const started = Date.now();
    await expect(get('prod', '/slow')).rejects.toThrow(
      'Kubernetes prod (GET /slow) timed out: no answer within 0.5 s',
    );
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  describe('a 429', () => {
    let now = Date.parse('2026-12-04T10:00:00Z');
    let port: number;
    const throttledGet = () =>
      kubernetesProxyGet({
        discovery: mockServices.discovery.mock({
          getBaseUrl: async () => `http://127.0.0.1:${port}/api/kubernetes`,
        }),
        auth: mockServices.auth(),
        timeoutMs: 500,
        maxRetryAfterMs: 60_000,
        now: () => now,
      });
    beforeAll(() => {
      port = (server.address() as AddressInfo).port;
    });
    const sent = () =>
      seen.filter(r => r.url?.includes('/proxy/throttled')).length;

    it('is honoured: the cluster is not asked again before its Retry-After, other clusters are', async () => {
      const get429 = throttledGet();
      const error = await get429('prod', '/throttled?after=30').catch(e => e);
      expect(error).toBeInstanceOf(KubernetesThrottledError);
      expect(error.message).toBe(
        'Kubernetes prod answered HTTP 429 (too many requests) at 10:00:00 UTC, asking to retry after 30 s: not asked again before 10:00:30 UTC',
      );
      const before = sent();
      now += 29_000;
      await expect(get429('prod', '/throttled?after=30')).rejects.toThrow(
        error.message,
      );
      expect(sent()).toBe(before);
      await expect(get429('nonprod', '/api/v1/nodes')).resolves.toBeDefined();
      now += 1_000;
      await expect(get429('prod', '/api/v1/nodes')).resolves.toBeDefined();
    });

    it('waits at most the bound when Retry-After asks for more', async () => {
      const get429 = throttledGet();
      const error = await get429('prod', '/throttled?after=3600').catch(e => e);
      expect(error.message).toMatch(
        /asking to retry after 3600 s, more than the 60 s bound: not asked again before 10:01:30 UTC$/,
      );
      now += 60_000;
      await expect(get429('prod', '/api/v1/nodes')).resolves.toBeDefined();
    });
  });
});
