/**
 * The accounting-request lifecycle over HTTP (164.528(c), (d)): due dates, the fee window, fee notice before
 * a fee, fulfilment that stores the accounting with its SHA-256, statuses, and the auditors' overdue list.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { startServer, type RunningServer } from '../support/server.js';

const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-requests-'));
let server: RunningServer;
let office: string;
let auditor: string;

beforeAll(async () => {
  server = await startServer({
    LEDGER_DATA_DIR: dir,
    LEDGER_STORE: 'sqlite',
    DATABASE_URL: '',
    LEDGER_PLAN_NAME: 'Example Health Plan',
    LEDGER_RESPONSIBLE_OFFICE: 'Privacy Office, 1 Plan Way',
  });
  office = await issueLocalToken(dir, { subject: 'po-1', roles: ['privacy-officer'] });
  auditor = await issueLocalToken(dir, { subject: 'au-1', roles: ['auditor'] });
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: 'GET' | 'POST', path: string, body?: unknown, token = office) {
  const res = await fetch(`${server.base}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const request = (requestId: string, memberId: string, receivedAt: string) =>
  call('POST', '/v1/accounting-requests', { requestId, memberId, requester: { type: 'self' }, receivedAt });

describe('filing a request', () => {
  it('is due 60 days after receipt (plan date), and the first in 12 months is free', async () => {
    expect(await request('Q-1', 'M-Q', '2025-01-02T15:00:00Z')).toMatchObject({
      status: 201,
      body: { requestId: 'Q-1', dueOn: '2025-03-03', feeRequired: false },
    });
  });

  it('a second request within 12 months needs a fee; one more than 12 months after is free again', async () => {
    expect((await request('Q-2', 'M-Q', '2025-07-01T15:00:00Z')).body).toMatchObject({ feeRequired: true });
    expect((await request('Q-3', 'M-Q2', '2024-01-01T15:00:00Z')).body).toMatchObject({ feeRequired: false });
    expect((await request('Q-4', 'M-Q2', '2025-01-02T15:00:00Z')).body).toMatchObject({ feeRequired: false });
  });

  it('replays the same request and refuses the same id with another body', async () => {
    expect((await request('Q-1', 'M-Q', '2025-01-02T15:00:00Z')).status).toBe(200);
    expect(await request('Q-1', 'M-Q', '2025-01-03T15:00:00Z')).toMatchObject({
      status: 409,
      body: { code: 'ID_CONFLICT' },
    });
  });

  it('a member may file for themself (received now) but not for someone else, nor set receivedAt', async () => {
    const member = await issueLocalToken(dir, { subject: 'M-SELF', roles: ['member'] });
    expect(
      (
        await call(
          'POST',
          '/v1/accounting-requests',
          { requestId: 'Q-self', memberId: 'M-SELF', requester: { type: 'self' } },
          member,
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await call(
          'POST',
          '/v1/accounting-requests',
          { requestId: 'Q-x', memberId: 'M-Q', requester: { type: 'self' } },
          member,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await call(
          'POST',
          '/v1/accounting-requests',
          { requestId: 'Q-y', memberId: 'M-SELF', requester: { type: 'self' }, receivedAt: '2020-01-01T00:00:00Z' },
          member,
        )
      ).status,
    ).toBe(403);
  });
});

describe('working a request', () => {
  it('a fee-required request cannot be fulfilled before the fee notice; after it, the accounting is stored with its hash', async () => {
    expect(
      await call('POST', '/v1/accounting-requests/Q-2/fulfilments', {
        providedAt: '2025-07-10T15:00:00Z',
        format: 'json',
      }),
    ).toMatchObject({ status: 422, body: { code: 'FEE_NOTICE_REQUIRED' } });
    expect(
      (await call('POST', '/v1/accounting-requests/Q-2/fee-notices', { sentAt: '2025-07-02T15:00:00Z', amount: 25 }))
        .status,
    ).toBe(201);
    expect(
      (
        await call('POST', '/v1/accounting-requests/Q-2/modifications', {
          period: { from: '2024-01-01', to: '2024-12-31' },
        })
      ).status,
    ).toBe(201);
    const fulfilled = await call('POST', '/v1/accounting-requests/Q-2/fulfilments', {
      providedAt: '2025-07-10T15:00:00Z',
      format: 'json',
    });
    expect(fulfilled).toMatchObject({
      status: 201,
      body: { onTime: true, artifactSha256: expect.stringMatching(/^[0-9a-f]{64}$/), retainUntil: '2031-07-10' },
    });
    const store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
    const provided = (await store.readStream('accounting-request-Q-2')).find((e) => e.type === 'AccountingProvided')!
      .data as { artifact: string };
    await store.close();
    expect(createHash('sha256').update(provided.artifact).digest('hex')).toBe(fulfilled.body.artifactSha256);
    expect(JSON.parse(provided.artifact)).toMatchObject({
      plan: 'Example Health Plan',
      responsibleOffice: 'Privacy Office, 1 Plan Way',
      memberId: 'M-Q',
      period: { from: '2024-01-01', to: '2024-12-31' },
    });
    expect(
      (await call('GET', '/v1/accounting-requests/Q-2?asOf=2025-08-01T00:00:00Z', undefined, office)).body,
    ).toMatchObject({ status: 'provided' });
  });

  it('the first request allows no fee notice; an extension beyond 30 days is refused, one within is accepted once', async () => {
    expect(
      await call('POST', '/v1/accounting-requests/Q-1/fee-notices', { sentAt: '2025-01-03T15:00:00Z', amount: 10 }),
    ).toMatchObject({ status: 422, body: { code: 'FEE_NOT_ALLOWED' } });
    expect(
      await call('POST', '/v1/accounting-requests/Q-1/extensions', {
        sentAt: '2025-02-20T15:00:00Z',
        reason: 'archived records',
        newDueOn: '2025-04-03',
      }),
    ).toMatchObject({ status: 422, body: { code: 'EXTENSION_TOO_LONG' } });
    expect(
      await call('POST', '/v1/accounting-requests/Q-1/extensions', {
        sentAt: '2025-02-20T15:00:00Z',
        reason: 'archived records',
        newDueOn: '2025-04-02',
      }),
    ).toMatchObject({ status: 201, body: { dueOn: '2025-04-02' } });
    expect(
      await call('POST', '/v1/accounting-requests/Q-1/extensions', {
        sentAt: '2025-02-21T15:00:00Z',
        reason: 'again',
        newDueOn: '2025-04-01',
      }),
    ).toMatchObject({ status: 422, body: { code: 'EXTENSION_ALREADY_SENT' } });
    const view = await call('GET', '/v1/accounting-requests/Q-1?asOf=2025-03-20T15:00:00Z', undefined, office);
    expect(view.body).toMatchObject({ status: 'extended', dueOn: '2025-04-02', originalDueOn: '2025-03-03' });
  });

  it('a request left past its due date is overdue and listed for auditors; a late fulfilment is not on time', async () => {
    expect(
      (await call('GET', '/v1/accounting-requests/Q-3?asOf=2024-03-02T15:00:00Z', undefined, office)).body,
    ).toMatchObject({ status: 'overdue' });
    const list = await call(
      'GET',
      '/v1/audit/accounting-requests?status=overdue&asOf=2024-03-02T15:00:00Z',
      undefined,
      auditor,
    );
    expect(list.body.requests.map((r: { requestId: string }) => r.requestId)).toContain('Q-3');
    expect(
      (
        await call('POST', '/v1/accounting-requests/Q-3/fulfilments', {
          providedAt: '2024-03-05T15:00:00Z',
          format: 'json',
        })
      ).body,
    ).toMatchObject({ onTime: false });
  });

  it('withdrawal closes the request', async () => {
    expect(
      (await call('POST', '/v1/accounting-requests/Q-4/withdrawals', { withdrawnAt: '2025-01-05T15:00:00Z' })).status,
    ).toBe(201);
    expect(
      await call('POST', '/v1/accounting-requests/Q-4/fulfilments', {
        providedAt: '2025-01-06T15:00:00Z',
        format: 'json',
      }),
    ).toMatchObject({ status: 409, body: { code: 'REQUEST_CLOSED' } });
  });

  it('an unknown request is 404 and only the privacy office may work requests or read one (auditors list them)', async () => {
    expect((await call('GET', '/v1/accounting-requests/NOPE', undefined, office)).status).toBe(404);
    expect((await call('GET', '/v1/accounting-requests/Q-1', undefined, auditor)).status).toBe(403);
    expect(
      (await call('POST', '/v1/accounting-requests/Q-1/withdrawals', { withdrawnAt: '2025-01-05T15:00:00Z' }, auditor))
        .status,
    ).toBe(403);
  });
});

describe('a member reads their own requests and the accounting they were given', () => {
  let member: string;
  let stranger: string;

  async function raw(path: string, token: string) {
    const res = await fetch(`${server.base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  beforeAll(async () => {
    member = await issueLocalToken(dir, { subject: 'M-Q', roles: ['member'] });
    stranger = await issueLocalToken(dir, { subject: 'M-SELF', roles: ['member'] });
  });

  it('the status of their own request, not of another member’s (403, as for a request that does not exist)', async () => {
    expect(await call('GET', '/v1/accounting-requests/Q-2', undefined, member)).toMatchObject({
      status: 200,
      body: { requestId: 'Q-2', memberId: 'M-Q', status: 'provided' },
    });
    expect((await call('GET', '/v1/accounting-requests/Q-2', undefined, stranger)).status).toBe(403);
    expect(await call('GET', '/v1/accounting-requests/NOPE', undefined, stranger)).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
  });

  it('the list of their requests, and no other member’s list', async () => {
    const list = await call('GET', '/v1/members/M-Q/accounting-requests', undefined, member);
    expect(list.status).toBe(200);
    expect(list.body.requests.map((r: { requestId: string }) => r.requestId).sort()).toEqual(['Q-1', 'Q-2']);
    expect((await call('GET', '/v1/members/M-Q/accounting-requests', undefined, stranger)).status).toBe(403);
    const asOffice = await call('GET', '/v1/members/M-Q2/accounting-requests', undefined, office);
    expect(asOffice.body.requests.map((r: { requestId: string }) => r.requestId).sort()).toEqual(['Q-3', 'Q-4']);
  });

  it('the accounting provided, byte for byte, with the SHA-256 the fulfilment recorded', async () => {
    const status = await call('GET', '/v1/accounting-requests/Q-2', undefined, member);
    const sha256 = status.body.provided.artifactSha256 as string;
    const artifact = await raw('/v1/accounting-requests/Q-2/artifact', member);
    expect(artifact.status).toBe(200);
    expect(createHash('sha256').update(artifact.bytes).digest('hex')).toBe(sha256);
    expect(artifact.headers.get('content-type')).toMatch(/^application\/json/);
    expect(artifact.headers.get('repr-digest')).toBe(`sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`);
    expect(artifact.headers.get('etag')).toBe(`"${sha256}"`);
    expect(artifact.headers.get('cache-control')).toBe('no-store');
    expect(JSON.parse(artifact.bytes.toString('utf8'))).toMatchObject({ requestId: 'Q-2', memberId: 'M-Q' });
    expect((await raw('/v1/accounting-requests/Q-2/artifact', stranger)).status).toBe(403);
  });

  it('before the fulfilment there is no artifact (404 NOT_PROVIDED)', async () => {
    expect(await call('GET', '/v1/accounting-requests/Q-1/artifact', undefined, member)).toMatchObject({
      status: 404,
      body: { code: 'NOT_PROVIDED' },
    });
  });
});

describe('every read accepts minPosition (read-your-writes)', () => {
  it('a request filed is in the member’s list read with the position its filing returned', async () => {
    const filed = await request('Q-5', 'M-Q5', '2025-02-01T15:00:00Z');
    const list = await call('GET', `/v1/members/M-Q5/accounting-requests?minPosition=${filed.body.position}`);
    expect(list.body.requests.map((r: { requestId: string }) => r.requestId)).toEqual(['Q-5']);
    const audit = await call(
      'GET',
      `/v1/audit/accounting-requests?memberId=M-Q5&minPosition=${filed.body.position}`,
      undefined,
      auditor,
    );
    expect(audit.body.requests).toHaveLength(1);
  });

  it.each(['/v1/accounting-requests/Q-1', '/v1/audit/breach-assessments', '/v1/audit/disclosures'])(
    '%s accepts minPosition',
    async (path) => {
      const token = path.startsWith('/v1/audit') ? auditor : office;
      expect((await call('GET', `${path}?minPosition=1`, undefined, token)).status).toBe(200);
    },
  );

  it('a malformed minPosition is 400, and so is one beyond the log (no write returned it): refused, not waited for', async () => {
    expect(await call('GET', '/v1/accounting-requests/Q-1?minPosition=abc')).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
    expect(await call('GET', '/v1/accounting-requests/Q-1?minPosition=999999999')).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', errors: [{ path: 'minPosition' }] },
    });
  });

  it('minPosition is looked at only after the caller is let in: no token is 401, a role the route does not admit 403', async () => {
    const recorder = await issueLocalToken(dir, { subject: 'svc-1', roles: ['recorder'] });
    const beyond = '/v1/audit/disclosures?minPosition=999999999';
    expect((await fetch(`${server.base}${beyond}`)).status).toBe(401);
    expect(await call('GET', beyond, undefined, recorder)).toMatchObject({ status: 403 });
    expect(await call('GET', beyond, undefined, auditor)).toMatchObject({ status: 400 });
  });
});
