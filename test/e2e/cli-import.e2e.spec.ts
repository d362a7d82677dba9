/**
 * `phi-ledger import` against a running service (issue 17): a file recorded in requests of `--chunk` lines with the
 * last acknowledged line kept in a state file; killed half way and run again, it starts after that line and the
 * ledger holds every line once; a request refused with 503 is sent again unchanged; refused lines in the problems file
 * by their number in the file; a state file is never applied to another input.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { callApi } from '../support/api.js';
import { disclosureBody } from '../support/load.js';
import { startServer, type RunningServer } from '../support/server.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-cli-import-'));
const work = mkdtempSync(join(tmpdir(), 'phi-ledger-cli-import-files-'));
let server: RunningServer;
let env: NodeJS.ProcessEnv;
let auditor: string;

const disclosure = (id: string, memberId: string) => JSON.stringify(disclosureBody(id, memberId));

beforeAll(async () => {
  server = await startServer({ LEDGER_DATA_DIR: dir, LEDGER_STORE: 'sqlite', DATABASE_URL: '' });
  env = { ...process.env, PHI_LEDGER_TOKEN: await issueLocalToken(dir, { subject: 'feed-1', roles: ['recorder'] }) };
  auditor = await issueLocalToken(dir, { subject: 'aud-1', roles: ['auditor'] });
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

const cli = (...args: string[]) =>
  run(process.execPath, ['dist/cli/main.js', 'import', ...args, '--url', server.base], { env });

/** How many disclosures the audit search finds for a member (all of them, page by page, as of the log's head). */
async function storedFor(memberId: string): Promise<number> {
  const metrics = await (await fetch(`${server.base}/metrics`)).text();
  const head = /^phi_ledger_log_head_position (\d+)/m.exec(metrics)![1];
  let count = 0;
  let cursor: string | null = null;
  do {
    const query: string = `memberId=${memberId}&limit=500&minPosition=${head}${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await callApi(server.base, 'GET', `/v1/audit/disclosures?${query}`, auditor);
    count += (res.body.disclosures as unknown[]).length;
    cursor = res.body.nextCursor as string | null;
  } while (cursor);
  return count;
}

describe('phi-ledger import', () => {
  it('records a file in chunks, writes refused lines by their number in the file, and keeps the last line acknowledged', async () => {
    const file = join(work, 'small.ndjson');
    const lines = Array.from({ length: 25 }, (_, i) => disclosure(`S-${i}`, 'M-CLI-S'));
    lines[11] = '{"disclosureId": "S-bad"}';
    lines[17] = '';
    writeFileSync(file, lines.join('\n') + '\n');
    const result = await cli(file, '--chunk', '10').catch((e: { code: number; stdout: string }) => e);
    expect('code' in result && result.code).toBe(2); // some lines were refused
    expect(result.stdout).toBe(
      `import: 23 created, 0 replayed, 1 refused (${file}.problems.ndjson); acknowledged through line 25\n`,
    );
    const problems = readFileSync(`${file}.problems.ndjson`, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(problems).toEqual([expect.objectContaining({ line: 12, code: 'VALIDATION_FAILED' })]);
    expect(problems[0].detail).toMatch(/^line 12: /);
    expect(JSON.parse(readFileSync(`${file}.import-state.json`, 'utf8'))).toMatchObject({ acknowledgedThrough: 25 });
    // run again: the state file says everything is done, nothing is sent
    const again = await cli(file, '--chunk', '10');
    expect(again.stderr).toContain('resuming after line 25');
    expect(again.stdout).toMatch(/^import: 0 created, 0 replayed, 0 refused; /);
    // --restart sends it all again: replays, never second records
    const restarted = await cli(file, '--chunk', '10', '--restart').catch((e: { stdout: string }) => e);
    expect(restarted.stdout).toMatch(/^import: 0 created, 23 replayed, 1 refused/);
    expect(await storedFor('M-CLI-S')).toBe(23);
  });

  it('killed half way, starts again after the last acknowledged line; every line is stored once', async () => {
    const file = join(work, 'large.ndjson');
    const total = 6000;
    writeFileSync(file, Array.from({ length: total }, (_, i) => disclosure(`L-${i}`, `M-CLI-L${i % 7}`)).join('\n'));
    const state = `${file}.import-state.json`;
    const child = spawn(process.execPath, ['dist/cli/main.js', 'import', file, '--chunk', '50', '--url', server.base], {
      env,
      stdio: 'ignore',
    });
    let acknowledged = 0;
    while (acknowledged < 500) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (existsSync(state))
        acknowledged = (JSON.parse(readFileSync(state, 'utf8')) as { acknowledgedThrough: number }).acknowledgedThrough;
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const before = (JSON.parse(readFileSync(state, 'utf8')) as { acknowledgedThrough: number }).acknowledgedThrough;
    expect(before).toBeLessThan(total);
    const resumed = await cli(file, '--chunk', '50');
    expect(resumed.stderr).toContain(`resuming after line ${before}`);
    const [, created, replayed] = /^import: (\d+) created, (\d+) replayed, 0 refused/.exec(resumed.stdout)!.map(Number);
    // only lines after the acknowledged one were sent; of those, at most the request in flight at the kill was stored
    expect(created + replayed).toBe(total - before);
    expect(replayed).toBeLessThanOrEqual(50);
    let stored = 0;
    for (let m = 0; m < 7; m++) stored += await storedFor(`M-CLI-L${m}`);
    expect(stored).toBe(total);
  });

  it('sends a request the service could not take (503) again, unchanged, and stores each line once', async () => {
    // a load balancer in front of the service answers 503 twice while the service restarts, then forwards
    let refusals = 2;
    const proxy = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (refusals-- > 0) {
          res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '1' });
          return void res.end(JSON.stringify({ status: 503, detail: 'no healthy upstream' }));
        }
        void fetch(`${server.base}${req.url}`, {
          method: req.method,
          headers: { authorization: req.headers.authorization!, 'content-type': req.headers['content-type']! },
          body: Buffer.concat(chunks),
        }).then(async (upstream) => {
          res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' });
          res.end(await upstream.text());
        });
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const file = join(work, 'retried.ndjson');
      writeFileSync(file, Array.from({ length: 30 }, (_, i) => disclosure(`T-${i}`, 'M-CLI-T')).join('\n'));
      const { port } = proxy.address() as AddressInfo;
      const { stdout, stderr } = await run(
        process.execPath,
        ['dist/cli/main.js', 'import', file, '--chunk', '10', '--url', `http://127.0.0.1:${port}`],
        { env },
      );
      expect(stderr.match(/503 from the service: no healthy upstream; sending the same lines again/g)).toHaveLength(2);
      expect(stdout).toMatch(/^import: 30 created, 0 replayed, 0 refused; acknowledged through line 30\n$/);
      expect(await storedFor('M-CLI-T')).toBe(30);
    } finally {
      proxy.close();
    }
  });

  it('refuses a state file made for another input', async () => {
    const file = join(work, 'other.ndjson');
    writeFileSync(file, disclosure('O-1', 'M-CLI-O') + '\n');
    const state = join(work, 'large.ndjson.import-state.json');
    const failed = await cli(file, '--state', state).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain('belongs to another input');
  });

  it('reads stdin when given no file, with the state where --state says', async () => {
    const state = join(work, 'stdin-state.json');
    const child = spawn(process.execPath, ['dist/cli/main.js', 'import', '--state', state, '--url', server.base], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.end([disclosure('I-1', 'M-CLI-I'), disclosure('I-2', 'M-CLI-I')].join('\n'));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
    expect(out).toMatch(/^import: 2 created, 0 replayed, 0 refused; acknowledged through line 2\n$/);
  });
});
