/**
 * A member's facts read back over HTTP (GET /v1/members/{memberId}/facts), and the address State recorded as a fact:
 * who may read them (the member, a representative in force, the office, auditors; not another member, not a
 * declined representative), and what each sees (a declined representative is the office's business).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { callApi } from '../support/api.js';
import { startServer, type RunningServer } from '../support/server.js';

const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-facts-'));
let server: RunningServer;
const token: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer({ LEDGER_DATA_DIR: dir, LEDGER_STORE: 'sqlite', DATABASE_URL: '' });
  token.recorder = await issueLocalToken(dir, { subject: 'svc', roles: ['recorder'] });
  token.member = await issueLocalToken(dir, { subject: 'M-F1', roles: ['member'] });
  token.other = await issueLocalToken(dir, { subject: 'M-F2', roles: ['member'] });
  token.guardian = await issueLocalToken(dir, { subject: 'P-GUARD', roles: ['representative'] });
  token.declined = await issueLocalToken(dir, { subject: 'P-DECL', roles: ['representative'] });
  token.auditor = await issueLocalToken(dir, { subject: 'au', roles: ['auditor'] });
  const facts: [string, unknown][] = [
    [
      'authorizations',
      {
        authorizationId: 'A1',
        recipient: { name: 'Acme HR', id: 'EMP-1' },
        purpose: 'return to work',
        phiScope: 'claims',
        signedOn: '2024-03-01',
        expiresOn: '2024-12-31',
      },
    ],
    ['hie-consents', { consentId: 'H1', decision: 'opt-out', effectiveAt: '2024-01-01T00:00:00Z' }],
    ['representatives', { representativeId: 'R1', personId: 'P-GUARD', kind: 'guardian' }],
    [
      'representatives',
      { representativeId: 'R2', personId: 'P-DECL', kind: 'other', declinedBasis: 'safety (164.502(g)(5))' },
    ],
    ['address-states', { addressId: 'AD1', state: 'NY', effectiveOn: '2020-01-01' }],
  ];
  for (const [route, body] of facts)
    expect((await call('POST', `/v1/members/M-F1/${route}`, token.recorder, body)).status).toBe(201);
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const call = (method: 'GET' | 'POST', path: string, bearer: string, body?: unknown) =>
  callApi(server.base, method, path, bearer, body);

describe('GET /v1/members/{memberId}/facts', () => {
  it('the member sees their facts with their status; not a declined representative', async () => {
    const res = await call('GET', '/v1/members/M-F1/facts?asOf=2024-06-01T12:00:00Z', token.member);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      memberId: 'M-F1',
      onDate: '2024-06-01',
      authorizations: [{ authorizationId: 'A1', status: 'in-force' }],
      hieConsent: { status: 'opted-out', history: [{ consentId: 'H1', decision: 'opt-out' }] },
      representatives: [{ representativeId: 'R1', status: 'in-force' }],
      addressState: { state: 'NY' },
      death: null,
    });
    expect(res.body.representatives).toHaveLength(1);
  });

  it('the office (an auditor) also sees the declined representative', async () => {
    const res = await call('GET', '/v1/members/M-F1/facts', token.auditor);
    expect(res.body.representatives.map((r: { status: string }) => r.status)).toEqual(['in-force', 'declined']);
  });

  it('a representative in force reads them; a declined one is told so; another member is refused', async () => {
    expect((await call('GET', '/v1/members/M-F1/facts', token.guardian)).status).toBe(200);
    expect(await call('GET', '/v1/members/M-F1/facts', token.declined)).toMatchObject({
      status: 403,
      body: { code: 'REPRESENTATIVE_DECLINED' },
    });
    expect((await call('GET', '/v1/members/M-F1/facts', token.other)).status).toBe(403);
    expect((await call('GET', '/v1/members/M-F1/facts', token.recorder)).status).toBe(403);
  });

  it('an address State must be a USPS code (400, nothing stored)', async () => {
    const res = await call('POST', '/v1/members/M-F1/address-states', token.recorder, {
      addressId: 'AD2',
      state: 'XX',
      effectiveOn: '2024-01-01',
    });
    expect(res).toMatchObject({ status: 400, body: { errors: [{ path: 'state' }] } });
    const facts = await call('GET', '/v1/members/M-F1/facts', token.auditor);
    expect(facts.body.addressStates).toHaveLength(1);
  });
});
