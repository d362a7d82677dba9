/**
 * Two instances of the service on one store (the embedded SQLite file, as two processes). Each instance decides a
 * member's commands on the member state it cached after its own last append, without reading the stream again
 * (member-command.runner.ts); these are the cases where the other instance wrote meanwhile. Every answer must be
 * the one a single instance would give: an append decided on a stale state is refused by the store (revision
 * conflict) and decided again; a refusal or a replay decided on a cached state is decided again on the stream.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { startServer, type RunningServer } from '../support/server.js';

const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-instances-'));
const env = { LEDGER_DATA_DIR: dir, LEDGER_STORE: 'sqlite', DATABASE_URL: '' };
let a: RunningServer;
let b: RunningServer;
let token: string;

beforeAll(async () => {
  a = await startServer(env);
  b = await startServer(env);
  token = await issueLocalToken(dir, { subject: 'recorder-1', roles: ['recorder'], clientId: 'recorder-client' });
});
afterAll(async () => {
  await Promise.all([a.stop(), b.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

async function post(server: RunningServer, path: string, body: unknown) {
  const res = await fetch(`${server.base}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function head(server: RunningServer): Promise<number> {
  const metrics = await (await fetch(`${server.base}/metrics`)).text();
  return Number(/^phi_ledger_log_head_position (\d+)/m.exec(metrics)![1]);
}

const disclosure = (memberId: string, disclosureId: string, over: Record<string, unknown> = {}) => ({
  disclosureId,
  memberId,
  occurredAt: '2024-06-15T14:00:00Z',
  recipient: { name: 'State Dept. of Health', id: 'PHA-1' },
  channel: 'government',
  phiDescription: 'Immunization history',
  purpose: 'Immunization registry reporting required by state law',
  legalBasis: { cfr: '164.512(b)(1)(i)', permitted: true },
  ...over,
});

/** Instance A records a first disclosure for the member, so that A holds the member's state in its cache. */
async function cachedByA(memberId: string) {
  expect((await post(a, '/v1/disclosures', disclosure(memberId, `${memberId}-first`))).status).toBe(201);
}

describe('a member written through another instance meanwhile', () => {
  it('an authorization recorded through B makes a 164.508 disclosure through A permitted', async () => {
    await cachedByA('M-I1');
    expect(
      (
        await post(b, '/v1/members/M-I1/authorizations', {
          authorizationId: 'A1',
          recipient: { name: 'Acme HR', id: 'EMP-1' },
          purpose: 'return to work',
          phiScope: 'work restrictions',
          signedOn: '2024-01-01',
        })
      ).status,
    ).toBe(201);
    const res = await post(
      a,
      '/v1/disclosures',
      disclosure('M-I1', 'I1-employer', {
        channel: 'employer',
        recipient: { name: 'Acme HR', id: 'EMP-1' },
        legalBasis: { cfr: '164.508', permitted: true, authorizationId: 'A1' },
      }),
    );
    expect(res).toMatchObject({ status: 201, body: { permitted: true, flags: [] } });
  });

  it('a custody period recorded through B lets A accept a 164.512(k)(5) disclosure it would refuse on its cached state', async () => {
    await cachedByA('M-I2');
    expect(
      (await post(b, '/v1/members/M-I2/custody-periods', { custodyId: 'CU1', from: '2024-01-01', until: '2024-12-31' }))
        .status,
    ).toBe(201);
    const res = await post(
      a,
      '/v1/disclosures',
      disclosure('M-I2', 'I2-jail', { legalBasis: { cfr: '164.512(k)(5)', permitted: true } }),
    );
    expect(res).toMatchObject({ status: 201, body: { permitted: true, accountable: false } });
  });

  it('a retry through A of a disclosure first recorded through B is a replay: 200, the first answer, nothing stored', async () => {
    await cachedByA('M-I3');
    const first = await post(b, '/v1/disclosures', disclosure('M-I3', 'I3-retried'));
    expect(first.status).toBe(201);
    const before = await head(b);
    const retry = await post(a, '/v1/disclosures', disclosure('M-I3', 'I3-retried'));
    expect(retry).toEqual({ status: 200, body: first.body });
    expect(await head(b)).toBe(before);
  });

  it('the same id with another body through A, after B recorded it, is 409 ID_CONFLICT', async () => {
    await cachedByA('M-I4');
    expect((await post(b, '/v1/disclosures', disclosure('M-I4', 'I4-taken'))).status).toBe(201);
    const res = await post(a, '/v1/disclosures', disclosure('M-I4', 'I4-taken', { purpose: 'another purpose' }));
    expect(res).toMatchObject({ status: 409, body: { code: 'ID_CONFLICT' } });
  });

  it('a batch through A for members B wrote to meanwhile answers each item as a single instance would', async () => {
    await cachedByA('M-I5');
    await cachedByA('M-I6');
    const first = await post(b, '/v1/disclosures', disclosure('M-I5', 'I5-retried'));
    expect(
      (await post(b, '/v1/members/M-I6/custody-periods', { custodyId: 'CU1', from: '2024-01-01', until: '2024-12-31' }))
        .status,
    ).toBe(201);
    const res = await post(a, '/v1/disclosure-batches', {
      items: [
        disclosure('M-I5', 'I5-retried'),
        disclosure('M-I6', 'I6-jail', { legalBasis: { cfr: '164.512(k)(5)', permitted: true } }),
        disclosure('M-I5', 'I5-new'),
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['replayed', 'created', 'created']);
    expect(res.body.results[0]).toEqual({ index: 0, status: 'replayed', ...first.body });
  });
});
