/**
 * The bulk import (issue 17; api.md `POST /v1/disclosure-imports`), end to end on the embedded store and on PostgreSQL:
 * the same lines recorded through batches on one service and through the import on another give the same ledger
 * (event ids, types and payloads, stream by stream: the same rules, ids and idempotency); a bad line is reported by
 * its number and stores nothing; an import sent again is all replays; the NDJSON media type, an empty body and the
 * roles.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { openEventStore } from '../../src/event-store/event-store.factory.js';
import { IMPORT_CHUNK_LINES } from '../../src/ledger/disclosure-import/disclosure-import.js';
import { MAX_ITEM_BYTES } from '../../src/http/limits.js';
import { callApi } from '../support/api.js';
import { disclosureBody } from '../support/load.js';
import { dropSchema, freshSchema, storesUnderTest } from '../support/postgres.js';
import { startServer, type RunningServer } from '../support/server.js';

const MEMBERS = 120;

const disclosure = (id: string, memberId: string, over: Record<string, unknown> = {}) => ({
  ...disclosureBody(id, memberId),
  occurredAt: '2024-06-15T14:00:00Z',
  ...over,
});

/** Member facts both services get through their usual routes before the disclosures (the rules read them). */
const FACTS: [string, unknown][] = [
  [
    '/v1/members/M-IM-1/authorizations',
    {
      authorizationId: 'A1',
      recipient: { name: 'Acme HR', id: 'EMP-1' },
      purpose: 'return to work',
      phiScope: 'work restrictions',
      signedOn: '2024-01-01',
    },
  ],
  ['/v1/members/M-IM-1/authorizations/A1/revocations', { revokedOn: '2024-03-01' }],
  ['/v1/members/M-IM-2/hie-consents', { consentId: 'H1', decision: 'opt-out', effectiveAt: '2024-01-01T00:00:00Z' }],
];

const employer = (id: string, occurredAt: string) =>
  disclosure(id, 'M-IM-1', {
    occurredAt,
    channel: 'employer',
    recipient: { name: 'Acme HR', id: 'EMP-1' },
    legalBasis: { cfr: '164.508', permitted: true, authorizationId: 'A1' },
  });

/**
 * 2,500 lines over 120 members (a member's lines fall in several chunks of the import), with the rules at work: an
 * authorization in force and then revoked, an HIE opt-out, a (k)(5) basis for a member not in custody (422), a line
 * repeated (replay) and an id reused with another body (409).
 */
function lines(): unknown[] {
  const out: unknown[] = [employer('E-emp-1', '2024-02-01T15:00:00Z'), employer('E-emp-2', '2024-03-02T15:00:00Z')];
  out.push(disclosure('E-hie', 'M-IM-2', { channel: 'hie', legalBasis: { cfr: '164.506(c)(2)', permitted: true } }));
  out.push(disclosure('E-jail', 'M-IM-3', { legalBasis: { cfr: '164.512(k)(5)', permitted: true } }));
  for (let i = 0; i < 2490; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    out.push(disclosure(`E-${i}`, `M-IM-${i % MEMBERS}`, { occurredAt: `2024-05-${day}T1${i % 10}:00:00Z` }));
  }
  out.push(disclosure('E-7', 'M-IM-7', { occurredAt: '2024-05-08T17:00:00Z' })); // the same as line E-7: a replay
  out.push(disclosure('E-8', 'M-IM-8', { purpose: 'another purpose' })); // E-8's id with another body
  out.push(disclosure('E-last', 'M-IM-0'));
  return out;
}

const ndjson = (items: unknown[]) => items.map((i) => JSON.stringify(i)).join('\n') + '\n';

async function postImport(base: string, token: string, body: string, type = 'application/x-ndjson') {
  const res = await fetch(`${base}/v1/disclosure-imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body,
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: JSON.parse(text) };
}

const { pg, stores } = await storesUnderTest();

describe.each(stores)('the bulk import on $name', ({ env }) => {
  const dirs = [
    mkdtempSync(join(tmpdir(), 'phi-ledger-import-a-')),
    mkdtempSync(join(tmpdir(), 'phi-ledger-import-b-')),
  ];
  const schemas = [freshSchema('import_a'), freshSchema('import_b')];
  const servers: RunningServer[] = [];
  const recorder: string[] = [];
  const all = lines();

  beforeAll(async () => {
    for (const k of [0, 1]) {
      servers.push(await startServer({ ...env, LEDGER_DATA_DIR: dirs[k], LEDGER_PG_SCHEMA: schemas[k] }));
      recorder.push(await issueLocalToken(dirs[k], { subject: 'feed-1', roles: ['recorder'] }));
      for (const [path, body] of FACTS)
        expect((await callApi(servers[k].base, 'POST', path, recorder[k], body)).status).toBe(201);
    }
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    if (pg.url) for (const schema of schemas) await dropSchema(pg.url, schema);
  });

  /** Every stream's events as stored: id, type, payload; who recorded them and when are the envelope's, not compared. */
  async function ledger(k: number) {
    await servers[k].stop();
    const store = await openEventStore({
      store: env.LEDGER_STORE,
      dataDir: dirs[k],
      databaseUrl: env.DATABASE_URL,
      pgSchema: schemas[k],
    });
    try {
      const events = await store.readAll(0n, 1_000_000);
      const byStream = new Map<string, string[]>();
      for (const e of events)
        byStream.set(e.stream, [...(byStream.get(e.stream) ?? []), `${e.eventId} ${e.type} ${e.dataText}`]);
      return byStream;
    } finally {
      await store.close();
      servers[k] = await startServer({ ...env, LEDGER_DATA_DIR: dirs[k], LEDGER_PG_SCHEMA: schemas[k] });
    }
  }

  it('records what batches record: the same events on every stream, and each line answered as its batch item', async () => {
    const batchResults: { status: string; problem?: { code: string } }[] = [];
    for (let i = 0; i < all.length; i += 1000) {
      const res = await callApi(servers[0].base, 'POST', '/v1/disclosure-batches', recorder[0], {
        items: all.slice(i, i + 1000),
      });
      expect(res.status).toBe(200);
      batchResults.push(...(res.body as { results: typeof batchResults }).results);
    }
    const imported = await postImport(servers[1].base, recorder[1], ndjson(all));
    expect(imported.status).toBe(200);
    const count = (status: string) => batchResults.filter((r) => r.status === status).length;
    expect(imported.body).toMatchObject({
      lines: all.length,
      acknowledgedThrough: all.length,
      position: expect.any(Number),
      created: count('created'),
      replayed: count('replayed'),
      rejected: count('rejected'),
      problemsNotListed: 0,
    });
    expect(count('created')).toBe(all.length - 3);
    // the refused lines, by number (1-based), with the problem their batch item got
    const refused = batchResults.flatMap((r, i) => (r.problem ? [{ line: i + 1, code: r.problem.code }] : []));
    expect(imported.body.problems.map((p: { line: number; code: string }) => ({ line: p.line, code: p.code }))).toEqual(
      refused,
    );
    expect(refused.map((r) => r.code).sort()).toEqual(['ID_CONFLICT', 'INVALID_LEGAL_BASIS']);
    const [viaBatches, viaImport] = [await ledger(0), await ledger(1)];
    expect([...viaImport.keys()].sort()).toEqual([...viaBatches.keys()].sort());
    for (const [stream, events] of viaBatches) expect(viaImport.get(stream)).toEqual(events);
  });

  it('answers an import sent again with replays only, and stores nothing more', async () => {
    const again = await postImport(servers[1].base, recorder[1], ndjson(all));
    expect(again.body).toMatchObject({ lines: all.length, created: 0, replayed: all.length - 2, rejected: 2 });
  });

  it('reports each bad line by its number, and stores the good lines around it', async () => {
    const good = (id: string) => JSON.stringify(disclosure(id, 'M-IM-BAD'));
    const body = [
      good('B-1'),
      '{"disclosureId": "B-2", ',
      JSON.stringify({ ...disclosure('B-3', 'M-IM-BAD'), channel: 'carrier-pigeon' }),
      '',
      JSON.stringify(disclosure('B-4', 'M-IM-BAD', { extra: 1 })),
      'x'.repeat(MAX_ITEM_BYTES + 1),
      good('B-5'),
    ].join('\r\n');
    const res = await postImport(servers[1].base, recorder[1], body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lines: 7, acknowledgedThrough: 7, created: 2, rejected: 4 });
    expect(res.body.problems).toEqual([
      expect.objectContaining({ line: 2, status: 400, code: 'VALIDATION_FAILED', detail: 'line 2: is not valid JSON' }),
      expect.objectContaining({
        line: 3,
        code: 'VALIDATION_FAILED',
        errors: [expect.objectContaining({ path: 'channel' })],
      }),
      expect.objectContaining({
        line: 5,
        code: 'VALIDATION_FAILED',
        errors: [{ path: 'extra', message: 'is not a known field' }],
      }),
      expect.objectContaining({ line: 6, status: 413, code: 'LINE_TOO_LONG' }),
    ]);
    const auditor = await issueLocalToken(dirs[1], { subject: 'aud-1', roles: ['auditor'] });
    const query = `memberId=M-IM-BAD&minPosition=${res.body.position}`;
    const stored = await callApi(servers[1].base, 'GET', `/v1/audit/disclosures?${query}`, auditor);
    expect(stored.body.disclosures.map((d: { disclosureId: string }) => d.disclosureId).sort()).toEqual(['B-1', 'B-5']);
  });

  it('takes more lines than one chunk in one request, and counts what it did not list', async () => {
    const bad = Array.from({ length: IMPORT_CHUNK_LINES + 5 }, () => '[]').join('\n');
    const res = await postImport(servers[1].base, recorder[1], bad);
    expect(res.body).toMatchObject({
      lines: IMPORT_CHUNK_LINES + 5,
      rejected: IMPORT_CHUNK_LINES + 5,
      problemsNotListed: 5,
    });
    expect(res.body.problems[0]).toMatchObject({ line: 1, errors: [{ path: '', message: 'must be a JSON object' }] });
  });

  it.each([
    ['an empty body', '', 'application/x-ndjson', 400, 'VALIDATION_FAILED'],
    ['blank lines only', '\n\n', 'application/x-ndjson', 400, 'VALIDATION_FAILED'],
    ['a JSON body', '{"items": []}', 'application/json', 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ])('refuses %s', async (_case, body, type, status, code) => {
    const res = await postImport(servers[1].base, recorder[1], body, type);
    expect(res).toMatchObject({ status, body: { code } });
    expect(res.type).toContain('application/problem+json');
  });

  it('refuses NDJSON on the routes that take JSON', async () => {
    const res = await fetch(`${servers[1].base}/v1/disclosure-batches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${recorder[1]}`, 'content-type': 'application/x-ndjson' },
      body: '{}\n',
    });
    expect(res.status).toBe(415);
  });

  it.each([
    ['a member', 'member', 403],
    ['an auditor', 'auditor', 403],
    ['a privacy officer', 'privacy-officer', 403],
  ])('refuses %s', async (_who, role, status) => {
    const token = await issueLocalToken(dirs[1], { subject: `${role}-1`, roles: [role as 'member'] });
    const res = await postImport(servers[1].base, token, ndjson([disclosure('R-1', 'M-IM-R')]));
    expect(res.status).toBe(status);
  });
});
