/**
 * 164.502(g): only a personal representative in force acts for the member. A representative the plan declined
 * ((g)(5)) or whose representation has lapsed can neither read the member's accounting nor file a request (which would
 * use up the member's free accounting of the 12 months, 164.528(c)(2)); one recorded a moment ago can.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { startServer, type RunningServer } from '../support/server.js';

const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-representatives-'));
let server: RunningServer;
let recorder: string;
const MEMBER = 'M-REP';

beforeAll(async () => {
  server = await startServer({ LEDGER_DATA_DIR: dir, LEDGER_STORE: 'sqlite', DATABASE_URL: '' });
  recorder = await issueLocalToken(dir, { subject: 'svc', roles: ['recorder'] });
  for (const [representativeId, personId, extra] of [
    ['R-declined', 'P-DECLINED', { declinedBasis: 'reasonable belief of endangerment' }],
    ['R-lapsed', 'P-LAPSED', { from: '2015-01-01', until: '2020-12-31' }],
  ] as const) {
    const status = await post(`/v1/members/${MEMBER}/representatives`, recorder, {
      representativeId,
      personId,
      kind: 'guardian',
      ...extra,
    });
    expect(status.status).toBe(201);
  }
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function post(path: string, token: string, body: unknown) {
  const res = await fetch(`${server.base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const as = (personId: string) => issueLocalToken(dir, { subject: personId, roles: ['representative'] });
const filing = (requestId: string, personId: string) => ({
  requestId,
  memberId: MEMBER,
  requester: { type: 'representative', personId },
});

describe('personal representatives and the accounting', () => {
  it('a declined representative is told so (403 REPRESENTATIVE_DECLINED), for reading and for filing', async () => {
    const token = await as('P-DECLINED');
    const read = await fetch(`${server.base}/v1/members/${MEMBER}/accounting`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(read.status).toBe(403);
    expect(await read.json()).toMatchObject({ code: 'REPRESENTATIVE_DECLINED' });
    expect(await post('/v1/accounting-requests', token, filing('Q-declined', 'P-DECLINED'))).toMatchObject({
      status: 403,
      body: { code: 'REPRESENTATIVE_DECLINED' },
    });
  });

  it('a representative whose representation lapsed may not file', async () => {
    expect(await post('/v1/accounting-requests', await as('P-LAPSED'), filing('Q-lapsed', 'P-LAPSED'))).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
  });

  it('so the member’s own first request of the year is still free', async () => {
    const member = await issueLocalToken(dir, { subject: MEMBER, roles: ['member'] });
    expect(
      await post('/v1/accounting-requests', member, {
        requestId: 'Q-own',
        memberId: MEMBER,
        requester: { type: 'self' },
      }),
    ).toMatchObject({ status: 201, body: { feeRequired: false } });
  });

  it('a representative recorded a moment ago may file at once (read-your-writes on authorization)', async () => {
    const recorded = await post(`/v1/members/M-FRESH/representatives`, recorder, {
      representativeId: 'R-fresh',
      personId: 'P-FRESH',
      kind: 'parent',
    });
    expect(recorded.status).toBe(201);
    expect(
      await post('/v1/accounting-requests', await as('P-FRESH'), {
        ...filing('Q-fresh', 'P-FRESH'),
        memberId: 'M-FRESH',
      }),
    ).toMatchObject({ status: 201 });
  });
});
