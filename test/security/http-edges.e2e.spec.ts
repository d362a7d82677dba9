/**
 * The HTTP edges a prober finds first: oversized tokens, wrong methods, caching, rate limits, the body limit sized from
 * the contract, blank or prototype-named fields, file permissions of the data, and a service that cannot reach its
 * database saying so in one line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { startServer, type RunningServer } from '../support/server.js';

const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-edges-'));
const dataDir = join(dir, 'data');
let server: RunningServer;
let recorder: string;
let auditor: string;

beforeAll(async () => {
  server = await startServer({
    LEDGER_DATA_DIR: dataDir,
    LEDGER_STORE: 'sqlite',
    DATABASE_URL: '',
    LEDGER_RATE_LIMIT_PERSON_PER_MINUTE: '20',
  });
  recorder = await issueLocalToken(dataDir, { subject: 'svc', roles: ['recorder'] });
  auditor = await issueLocalToken(dataDir, { subject: 'au', roles: ['auditor'] });
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const disclosure = (id: string, over: Record<string, unknown> = {}) => ({
  disclosureId: id,
  memberId: 'M-EDGE',
  occurredAt: '2024-05-01T15:00:00Z',
  recipient: { name: 'State Dept. of Health', id: 'PHA-1' },
  channel: 'government',
  phiDescription: 'Immunization history',
  purpose: 'Registry reporting',
  legalBasis: { cfr: '164.512(b)(1)(i)', permitted: true },
  ...over,
});
const post = (path: string, body: unknown, token = recorder) =>
  fetch(`${server.base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('tokens', () => {
  it('a 100 KB token is 401 with an invalid_token challenge, not 431', async () => {
    const res = await fetch(`${server.base}/v1/audit/disclosures`, {
      headers: { authorization: `Bearer ${'a'.repeat(100_000)}` },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="phi-ledger", error="invalid_token"');
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('methods and caching', () => {
  it('a known path with another method is 405 with Allow', async () => {
    const res = await fetch(`${server.base}/v1/disclosures`, {
      method: 'GET',
      headers: { authorization: `Bearer ${recorder}` },
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(await res.json()).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
  });

  it('an unknown path is still 404', async () => {
    expect(
      (await fetch(`${server.base}/v1/nothing-here`, { headers: { authorization: `Bearer ${recorder}` } })).status,
    ).toBe(404);
  });

  it('every /v1 answer says Cache-Control: no-store (successes and problems alike)', async () => {
    const ok = await fetch(`${server.base}/v1/members/M-EDGE/accounting`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect((await post('/v1/disclosures', {})).headers.get('cache-control')).toBe('no-store');
  });
});

describe('fields', () => {
  it.each([
    ['a blank recipient name', disclosure('B1', { recipient: { name: '   ' } }), 'recipient.name'],
    ['a blank purpose', disclosure('B2', { purpose: '\t \n' }), 'purpose'],
    ['a control character in a description', disclosure('B3', { phiDescription: 'x\u0007y' }), 'phiDescription'],
    ['a field named constructor', { ...disclosure('B4'), constructor: { name: 'x' } }, 'constructor'],
    [
      'a field named toString, nested',
      disclosure('B5', { recipient: { name: 'R', toString: 'x' } }),
      'recipient.toString',
    ],
  ])('%s is refused, naming the field', async (_label, body, path) => {
    const res = await post('/v1/disclosures', body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: expect.arrayContaining([expect.objectContaining({ path })]) });
  });

  it('a batch of 1,000 realistic disclosures (~2 MB) is within the body limit', async () => {
    const items = Array.from({ length: 1000 }, (_, i) =>
      disclosure(`BIG-${i}`, {
        purpose: 'Registry reporting required by state law '.repeat(30),
        memberId: `M-B${i % 50}`,
      }),
    );
    const body = JSON.stringify({ items });
    expect(body.length).toBeGreaterThan(1_500_000);
    const res = await fetch(`${server.base}/v1/disclosure-batches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${recorder}`, 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: { status: string }[] };
    expect(results.every((r) => r.status === 'created')).toBe(true);
  });
});

describe('rate limits', () => {
  it('a person over the budget gets 429 with Retry-After; a service does not share it', async () => {
    const person = await issueLocalToken(dataDir, { subject: 'au-busy', roles: ['auditor'] });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 25; i++) {
      const res = await fetch(`${server.base}/v1/audit/breach-assessments`, {
        headers: { authorization: `Bearer ${person}` },
      });
      statuses.push(res.status);
      if (res.status === 429) retryAfter ??= res.headers.get('retry-after');
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect((await post('/v1/disclosures', disclosure('RL-1'))).status).toBe(201);
  });
});

describe('the data directory', () => {
  it('holds files only its owner can read (0600) in directories only its owner can enter (0700)', () => {
    const walk = (path: string): string[] =>
      statSync(path).isDirectory() ? [path, ...readdirSync(path).flatMap((f) => walk(join(path, f)))] : [path];
    const entries = walk(dataDir);
    expect(entries.length).toBeGreaterThan(3);
    for (const entry of entries) {
      const mode = statSync(entry).mode & 0o777;
      expect([entry, mode.toString(8)]).toEqual([entry, statSync(entry).isDirectory() ? '700' : '600']);
    }
  });
});

describe('starting without its database', () => {
  it('says why in one log line and exits 78 (EX_CONFIG), without a stack trace', () => {
    const run = spawnSync(process.execPath, ['dist/app/main.js'], {
      env: {
        ...process.env,
        LEDGER_DATA_DIR: join(dir, 'unreachable'),
        LEDGER_STORE: 'postgres',
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/phi_ledger_test_nowhere',
        LEDGER_LOG_LEVEL: 'info',
        PORT: '3997',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(78);
    const lines = `${run.stdout}${run.stderr}`.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 60, msg: expect.stringContaining('cannot start') });
  });
});
