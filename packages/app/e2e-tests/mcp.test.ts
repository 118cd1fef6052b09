import { test, expect, Page } from '@playwright/test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { PEOPLE, backstageToken, signInAs } from './signIn';

// Pier's knowledge as MCP tools (issue 21): a real MCP client over Streamable HTTP against the
// running backend, as an editor's assistant connects, with a person's own token. Each answer is
// checked against the page's own API read with the same token; who may ask what is the policy's.

const SIM_ADMIN = process.env.PIER_SIM_ADMIN_URL ?? 'http://127.0.0.1:7300';

async function mcpClient(baseURL: string, token?: string) {
  const client = new Client({ name: 'pier-e2e', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(
    new URL('/api/mcp-actions/v1', baseURL),
    token
      ? { requestInit: { headers: { authorization: `Bearer ${token}` } } }
      : {},
  );
  await client.connect(transport);
  return client;
}

async function tokenOf(page: Page, person: string) {
  await signInAs(page, person);
  return backstageToken(page);
}

type ToolAnswer = {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
};
const textOf = (answer: ToolAnswer) =>
  answer.content.map(c => c.text ?? '').join('\n');
const jsonOf = (answer: ToolAnswer) => {
  expect(answer.isError ?? false, textOf(answer)).toBe(false);
  return JSON.parse(textOf(answer));
};

test("an assistant lists Pier's tools and gets the service page's answers, as the signed-in lead", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const token = await tokenOf(page, PEOPLE.lead);
  const client = await mcpClient(baseURL!, token);
  const { tools } = await client.listTools();
  const names = tools.map(t => t.name);
  for (const tool of [
    'service-overview.get-service-status',
    'service-overview.explain-service-failure',
    'security-findings.list-deployed-vulnerabilities',
    'platform-cost.get-service-cost',
    'platform-cost.get-team-cost',
    'deployments.what-needs-review',
  ]) {
    expect(names).toContain(tool);
  }
  // Every description says what it answers; every input has a schema an assistant can fill.
  for (const tool of tools) {
    expect(tool.description?.length ?? 0).toBeGreaterThan(80);
    expect(tool.inputSchema.type).toBe('object');
  }

  const api = async (path: string) => {
    const res = await page.request.get(path, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status(), path).toBe(200);
    return res.json();
  };

  // The verdicts are the overview's.
  const status = jsonOf(
    (await client.callTool({
      name: 'service-overview.get-service-status',
      arguments: { service: 'recommendations' },
    })) as ToolAnswer,
  );
  const overview = await api(
    '/api/service-overview/entity?entityRef=component:default/recommendations',
  );
  expect(status.entityRef).toBe('component:default/recommendations');
  expect(
    status.clusters.map((c: any) => [c.cluster, c.verdict, c.headline]),
  ).toEqual(
    overview.clusters.map((c: any) => [c.cluster, c.verdict, c.headline]),
  );
  expect(status.clusters.find((c: any) => c.cluster === 'prod').verdict).toBe(
    'degraded',
  );

  // The explanation a junior gets on the page: the amd64-only image on Graviton, with the fix and file.
  const explained = jsonOf(
    (await client.callTool({
      name: 'service-overview.explain-service-failure',
      arguments: { service: 'recommendations' },
    })) as ToolAnswer,
  );
  const page_ = await api(
    '/api/service-overview/explanations?entityRef=component:default/recommendations',
  );
  const prod = explained.clusters.find((c: any) => c.cluster === 'prod');
  const prodOnPage = page_.clusters.find((c: any) => c.cluster === 'prod');
  expect(prod.explanations.map((e: any) => e.title)).toEqual(
    prodOnPage.explanations.map((e: any) => e.title),
  );
  expect(prod.explanations.length).toBeGreaterThan(0);
  expect(prod.explanations[0].file.path.length).toBeGreaterThan(0);
  expect(prod.explanations[0].fix.length).toBeGreaterThan(0);

  // Running critical/high findings: the simulator says which service runs criticals; the tool's
  // rows are the entity API's running critical/high findings.
  const scenario = (await (await fetch(`${SIM_ADMIN}/admin/scenario`)).json())
    .services as Array<{
    name: string;
    runningCriticalFindings?: Record<string, number>;
  }>;
  const vulnerable = scenario.find(s =>
    Object.values(s.runningCriticalFindings ?? {}).some(n => n > 0),
  )!;
  const vulns = jsonOf(
    (await client.callTool({
      name: 'security-findings.list-deployed-vulnerabilities',
      arguments: { service: vulnerable.name, limit: 100 },
    })) as ToolAnswer,
  );
  const findings = await api(
    `/api/security-findings/entity?entityRef=component:default/${vulnerable.name}`,
  );
  const runningCriticalHigh = findings.findings
    .filter(
      (f: any) =>
        ['NEW', 'NOTIFIED'].includes(f.workflowStatus) &&
        ['CRITICAL', 'HIGH'].includes(f.severity),
    )
    .reduce((n: number, f: any) => n + f.running.length, 0);
  expect(vulns.total).toBe(runningCriticalHigh);
  expect(vulns.findings.some((f: any) => f.severity === 'CRITICAL')).toBe(true);

  // Cost: the card's monthly figure.
  const cost = jsonOf(
    (await client.callTool({
      name: 'platform-cost.get-service-cost',
      arguments: { service: 'payments-api' },
    })) as ToolAnswer,
  );
  const card = await api(
    '/api/platform-cost/entity?entityRef=component:default/payments-api',
  );
  expect(cost.monthlyUsd).toBeCloseTo(card.monthly, 1);

  // The reviewer queue: the board's needs-review rows, most urgent first.
  const review = jsonOf(
    (await client.callTool({
      name: 'deployments.what-needs-review',
      arguments: { limit: 100 },
    })) as ToolAnswer,
  );
  const board = await api('/api/deployments/board?status=needsReview');
  expect(review.total).toBe(
    board.rows.filter((r: any) => r.needsReview.length > 0).length,
  );
  expect(review.rows[0].reasons[0].kind).toBe('Degraded');
  await client.close();
});

test("a junior cannot read another team's findings or the org's cost, and an unknown service is named as such", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const token = await tokenOf(page, PEOPLE.junior); // team-payments
  const client = await mcpClient(baseURL!, token);

  const otherTeams = (await client.callTool({
    name: 'security-findings.list-deployed-vulnerabilities',
    arguments: { service: 'checkout-api' },
  })) as ToolAnswer;
  expect(otherTeams.isError).toBe(true);
  expect(textOf(otherTeams)).toMatch(/Only the service's owning team/);

  const teamCost = (await client.callTool({
    name: 'platform-cost.get-team-cost',
    arguments: { team: 'team-payments' },
  })) as ToolAnswer;
  expect(teamCost.isError).toBe(true);
  expect(textOf(teamCost)).toMatch(/Only leads and the platform team/);

  const unknown = (await client.callTool({
    name: 'service-overview.get-service-status',
    arguments: { service: 'no-such-service' },
  })) as ToolAnswer;
  expect(unknown.isError).toBe(true);
  expect(textOf(unknown)).toContain(
    'No service named "no-such-service" that you can see',
  );
  expect(textOf(unknown)).not.toMatch(/\n\s+at /); // no stack trace

  const malformed = (await client.callTool({
    name: 'deployments.what-needs-review',
    arguments: { limit: 'lots' },
  })) as ToolAnswer;
  expect(malformed.isError).toBe(true);
  expect(textOf(malformed)).toMatch(/limit/);

  // Their own service answers.
  const own = jsonOf(
    (await client.callTool({
      name: 'platform-cost.get-service-cost',
      arguments: { service: 'payments-api' },
    })) as ToolAnswer,
  );
  expect(own.entityRef).toBe('component:default/payments-api');
  await client.close();
});

test('an unauthenticated MCP client gets 401', async ({ baseURL }) => {
  const res = await fetch(new URL('/api/mcp-actions/v1', baseURL), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'anonymous', version: '1' },
      },
    }),
  });
  expect(res.status).toBe(401);
  await expect(mcpClient(baseURL!)).rejects.toThrow();
});
