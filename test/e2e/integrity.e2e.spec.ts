/**
 * Integrity over real HTTP: the public checkpoint and key, auditors' proofs and audit, and the offline
 * verifier (`phi-ledger verify`) accepting what the API served and refusing a forged receipt.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { startServer, type RunningServer } from '../support/server.js';

const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-integrity-e2e-'));
let server: RunningServer;
let auditor: string;
let recorder: string;

beforeAll(async () => {
  const store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
  for (let i = 0; i < 25; i++) {
    await store.append(
      `member-M${i % 3}`,
      [{ eventId: `e${i}`, type: 'PhiDisclosed', data: { i }, recordedBy: { subject: 'seed' }, correlationId: 'c' }],
      'any',
    );
  }
  await store.close();
  server = await startServer({
    LEDGER_DATA_DIR: dir,
    LEDGER_STORE: 'sqlite',
    DATABASE_URL: '',
    LEDGER_CHECKPOINT_EVERY: '10',
  });
  auditor = await issueLocalToken(dir, { subject: 'auditor-1', roles: ['auditor'] });
  recorder = await issueLocalToken(dir, { subject: 'svc', roles: ['recorder'] });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const ready = (await (await fetch(`${server.base}/health/ready`)).json()) as { projections: { lag: string }[] };
    if (ready.projections.every((p) => p.lag === '0')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, token?: string, accept?: string) =>
  fetch(`${server.base}${path}`, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(accept ? { accept } : {}) },
  });

describe('integrity API', () => {
  it('serves the latest signed checkpoint publicly, as JSON and as the C2SP note', async () => {
    const json = (await (await get('/v1/integrity/checkpoint')).json()) as {
      origin: string;
      size: number;
      rootHash: string;
      note: string;
    };
    expect(json.origin).toBe('phi-ledger.local/ledger');
    expect(json.size).toBe(25);
    expect(json.note).toBe(`phi-ledger.local/ledger\n25\n${json.rootHash}\n\n${json.note.split('\n\n')[1]}`);
    expect(json.note).toMatch(/\n— phi-ledger\.local\/ledger [A-Za-z0-9+/=]+\n$/);
    const text = await get('/v1/integrity/checkpoint', undefined, 'text/plain');
    expect(text.headers.get('content-type')).toContain('text/plain');
    expect(await text.text()).toBe(json.note);
  });

  it('publishes the verifier key', async () => {
    const key = (await (await get('/v1/integrity/public-key')).json()) as { keyName: string; verifierKey: string };
    expect(key.verifierKey).toMatch(/^phi-ledger\.local\/ledger\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/);
  });

  it('proofs need the auditor role: 401 without a token, 403 with another role', async () => {
    expect((await get('/v1/integrity/inclusion-proofs/3')).status).toBe(401);
    expect((await get('/v1/integrity/inclusion-proofs/3', 'not.a.token')).status).toBe(401);
    const forbidden = await get('/v1/integrity/inclusion-proofs/3', recorder);
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses proofs outside the tree with a problem, not a 5xx', async () => {
    expect((await get('/v1/integrity/inclusion-proofs/999', auditor)).status).toBe(404);
    expect((await get('/v1/integrity/consistency-proofs?from=abc&to=20', auditor)).status).toBe(400);
    expect((await get('/v1/integrity/consistency-proofs?from=20&to=10', auditor)).status).toBe(404);
  });

  it('an inclusion proof from the API verifies offline with `phi-ledger verify`', async () => {
    const checkpoint = (await (await get('/v1/integrity/checkpoint')).json()) as { size: number; note: string };
    const proof = (await (await get('/v1/integrity/inclusion-proofs/7', auditor)).json()) as Record<string, unknown>;
    expect(proof).toMatchObject({ position: 7, leafIndex: 6, treeSize: 25 });
    const files = {
      checkpoint: join(dir, 'cp.txt'),
      key: join(dir, 'key.json'),
      receipts: join(dir, 'receipts.json'),
      forged: join(dir, 'forged.json'),
    };
    writeFileSync(files.checkpoint, checkpoint.note);
    writeFileSync(files.key, await (await get('/v1/integrity/public-key')).text());
    writeFileSync(files.receipts, JSON.stringify([{ ...proof, disclosureId: 'E7' }]));
    writeFileSync(files.forged, JSON.stringify([{ ...proof, position: 8, leafIndex: 7 }]));
    const cli = (args: string[]) =>
      spawnSync(
        process.execPath,
        ['dist/cli/main.js', 'verify', '--checkpoint', files.checkpoint, '--public-key', files.key, ...args],
        { encoding: 'utf8' },
      );
    const ok = cli(['--receipts', files.receipts]);
    expect(ok.stdout).toContain('receipt E7 position 7: OK');
    expect(ok.status).toBe(0);
    const forged = cli(['--receipts', files.forged]);
    expect(forged.stdout).toContain('FAILED');
    expect(forged.status).toBe(2);
  });

  it('POST /v1/integrity/audits re-verifies every event against every checkpoint', async () => {
    const res = await fetch(`${server.base}/v1/integrity/audits`, {
      method: 'POST',
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect(res.status).toBe(200);
    // the 25 events were written before the service sealed anything: adopted when it opened the store
    expect(await res.json()).toMatchObject({
      verified: true,
      checkedEvents: 25,
      adoptedThrough: 25,
      firstMismatchAt: null,
    });
  });

  it('POST /v1/integrity/audits?wait=false answers 202 at once; GET …/audits/current follows the audit to its report', async () => {
    const post = (query: string) =>
      fetch(`${server.base}/v1/integrity/audits${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${auditor}` },
      });
    const started = await post('?wait=false');
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toBe('/v1/integrity/audits/current');
    const begun = (await started.json()) as { auditId: string; state: string };
    expect(begun).toMatchObject({ auditId: expect.stringMatching(/^[0-9a-f-]{36}$/), state: 'running' });
    let current: { auditId: string; state: string; report: unknown } = { auditId: '', state: 'running', report: null };
    const deadline = Date.now() + 10_000;
    while (current.state === 'running' && Date.now() < deadline) {
      current = (await (await get('/v1/integrity/audits/current', auditor)).json()) as typeof current;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(current).toMatchObject({
      auditId: begun.auditId,
      state: 'finished',
      checkedEvents: 25,
      report: {
        verified: true,
        checkedEvents: 25,
        checkpointsChecked: expect.any(Number),
        trustedCheckpointsChecked: 0,
      },
    });
    expect((await post('?wait=maybe')).status).toBe(400);
    expect((await get('/v1/integrity/audits/current', recorder)).status).toBe(403);
  });

  it('POST /v1/integrity/audits?resume=true goes on with the audit that did not finish (the service stopped mid-way)', async () => {
    const readModels = new Database(join(dir, 'read-models.sqlite'));
    readModels.pragma('busy_timeout = 5000');
    const at = new Date().toISOString();
    readModels
      .prepare('INSERT INTO integrity_audits (audit_id, started_at, updated_at, finished) VALUES (?, ?, ?, 0)')
      .run('00000000-0000-4000-8000-000000000001', at, at);
    readModels.close();
    expect(await (await get('/v1/integrity/audits/current', auditor)).json()).toMatchObject({
      auditId: '00000000-0000-4000-8000-000000000001',
      state: 'stopped',
    });
    const res = await fetch(`${server.base}/v1/integrity/audits?resume=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      auditId: '00000000-0000-4000-8000-000000000001',
      verified: true,
      checkedEvents: 25,
    });
  });
});
