import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import { kubernetesProxyGet } from './kubernetesProxyGet';

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

  it('turns an error answer into a ResponseError that names the status', async () => {
    const error = await get('prod', '/api/v1/pods').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(503);
    expect(error.message).toContain('503 Service Unavailable');
  });

  it('gives up on a cluster that does not answer within the timeout', async () => {
    const started = Date.now();
    await expect(get('prod', '/slow')).rejects.toThrow(/abort|timeout/i);
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});
