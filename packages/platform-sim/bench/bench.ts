/* eslint-disable no-console */
/*
 * platform-sim benchmark (not a test): starts the CLI as a child process at
 * default and benchmark scale, and reports
 *   - start time (process spawn to "platform-sim ready"),
 *   - RSS after start and peak RSS (VmHWM) at benchmark scale,
 *   - one full paginated pass over all findings with the AWS SDK paginator.
 *
 *   yarn workspace @internal/platform-sim bench
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  SecurityHubClient,
  paginateGetFindings,
} from '@aws-sdk/client-securityhub';
import {
  SIM_AWS_ACCESS_KEY_ID,
  SIM_AWS_SECRET_ACCESS_KEY,
} from '../src/credentials';

const packageDir = resolve(__dirname, '..');
const transform = require.resolve(
  '@backstage/cli-node/config/nodeTransform.cjs',
);

async function rssOf(pid: number) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) =>
    Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

async function run(label: string, args: string[], paginate: boolean) {
  const dir = await mkdtemp(join(tmpdir(), 'platform-sim-bench-'));
  const portsFile = join(dir, 'ports.json');
  const t0 = process.hrtime.bigint();
  const child = spawn(
    process.execPath,
    [
      '--require',
      transform,
      'src/cli.ts',
      '--ephemeral',
      '--ports-file',
      portsFile,
      ...args,
    ],
    { cwd: packageDir, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await new Promise<void>((ok, fail) => {
      let out = '';
      child.stdout!.on('data', chunk => {
        out += chunk;
        if (out.includes('platform-sim ready')) ok();
      });
      child.on('exit', code => fail(new Error(`exited with ${code}: ${out}`)));
    });
    const startMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const afterStart = await rssOf(child.pid!);
    const result: Record<string, unknown> = {
      scale: label,
      startMs: Math.round(startMs),
      rssAfterStartMb: Math.round(afterStart.rssMb),
    };
    if (paginate) {
      const ports = JSON.parse(await readFile(portsFile, 'utf8'));
      const client = new SecurityHubClient({
        endpoint: `http://127.0.0.1:${ports.aws.securityhub}`,
        region: 'eu-west-1',
        credentials: {
          accessKeyId: SIM_AWS_ACCESS_KEY_ID,
          secretAccessKey: SIM_AWS_SECRET_ACCESS_KEY,
        },
      });
      const p0 = process.hrtime.bigint();
      let findings = 0;
      let pages = 0;
      for await (const page of paginateGetFindings(
        { client, pageSize: 100 },
        {},
      )) {
        findings += page.Findings?.length ?? 0;
        pages++;
      }
      const passMs = Number(process.hrtime.bigint() - p0) / 1e6;
      client.destroy();
      const after = await rssOf(child.pid!);
      Object.assign(result, {
        findings,
        pages,
        paginatedPassMs: Math.round(passMs),
        msPerPage: Math.round((passMs / pages) * 10) / 10,
        rssAfterPassMb: Math.round(after.rssMb),
        peakRssMb: Math.round(after.peakMb),
      });
    } else {
      result.peakRssMb = Math.round(afterStart.peakMb);
    }
    return result;
  } finally {
    child.kill('SIGTERM');
  }
}

async function main() {
  const results = [
    await run('default', [], true),
    await run(
      'benchmark (500 services, 600 nodes, 50k findings, 90 days)',
      ['--scale', 'benchmark'],
      true,
    ),
  ];
  for (const r of results) console.log(JSON.stringify(r));
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
