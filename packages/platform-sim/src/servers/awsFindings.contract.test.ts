import {
  SecurityHubClient,
  paginateGetFindings,
} from '@aws-sdk/client-securityhub';
import {
  Inspector2Client,
  paginateListFindings,
} from '@aws-sdk/client-inspector2';
import { awsClientConfig } from '../__testUtils__/clients';
import { SIM_AWS_ACCESS_KEY_ID, SIM_AWS_REGION } from '../credentials';
import { loadContracts, undocumentedShape } from '../contracts';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  startPlatformSim,
} from '../startPlatformSim';

const NOW = new Date('2025-06-02T12:00:00Z');

/** Every distinct answer shape is reached by reading all pages raw (the SDK would hide extra fields). */
async function rawPages(
  url: string,
  path: string,
  service: string,
  pageKey: string,
) {
  const bodies: any[] = [];
  let token: string | undefined;
  do {
    // the simulator reads the SigV4 header's credential scope (it does not recompute the signature)
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `AWS4-HMAC-SHA256 Credential=${SIM_AWS_ACCESS_KEY_ID}/20250602/${SIM_AWS_REGION}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`,
      },
      body: JSON.stringify({
        ...(token ? { [pageKey]: token } : {}),
        [pageKey === 'NextToken' ? 'MaxResults' : 'maxResults']: 100,
      }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    bodies.push(body);
    token = body[pageKey];
  } while (token);
  return bodies;
}

describe('SecurityHub and Inspector2 answers stay within the documented shape', () => {
  let sim: PlatformSim;

  beforeAll(async () => {
    sim = await startPlatformSim({
      scenario: { now: NOW },
      ports: EPHEMERAL_PORTS,
    });
  });
  afterAll(() => sim.stop());

  it('SecurityHub GetFindings: vulnerability and control findings use only documented fields and types', async () => {
    const contracts = loadContracts('securityhub');
    const maps = [...new Set(contracts.flatMap(c => c.maps ?? []))];
    const pages = await rawPages(
      sim.urls.aws.securityhub,
      '/findings',
      'securityhub',
      'NextToken',
    );
    const mismatches = pages.flatMap(p =>
      undocumentedShape(
        contracts.map(c => c.body),
        p,
        maps,
      ),
    );
    expect([
      ...new Map(mismatches.map(m => [m.path + m.problem, m])).values(),
    ]).toEqual([]);
  });

  it('Inspector2 ListFindings: findings use only documented fields and types', async () => {
    const contracts = loadContracts('inspector2');
    const maps = [...new Set(contracts.flatMap(c => c.maps ?? []))];
    const pages = await rawPages(
      sim.urls.aws.inspector2,
      '/findings/list',
      'inspector2',
      'nextToken',
    );
    const mismatches = pages.flatMap(p =>
      undocumentedShape(
        contracts.map(c => c.body),
        p,
        maps,
      ),
    );
    expect([
      ...new Map(mismatches.map(m => [m.path + m.problem, m])).values(),
    ]).toEqual([]);
  });

  it('the documented bodies parse with the vendors’ own SDK models over HTTP', async () => {
    // (the plugin-side replay tests live in plugins/security-findings-backend)
    const hub = new SecurityHubClient(
      awsClientConfig(sim.urls.aws.securityhub),
    );
    const inspector = new Inspector2Client(
      awsClientConfig(sim.urls.aws.inspector2),
    );
    let n = 0;
    for await (const page of paginateGetFindings(
      { client: hub, pageSize: 100 },
      {},
    )) {
      n += page.Findings?.length ?? 0;
    }
    let m = 0;
    for await (const page of paginateListFindings(
      { client: inspector, pageSize: 100 },
      {},
    )) {
      m += page.findings?.length ?? 0;
    }
    expect(m).toBe(sim.scenario.findings.length);
    expect(n).toBeGreaterThan(m);
    hub.destroy();
    inspector.destroy();
  });
});
