/**
 * Recording through HTTP on the real embedded store with real tokens (issue #3): every command endpoint,
 * the roles that must be refused, each class of validation error (nothing stored), idempotent replays and
 * conflicts, 100 concurrent disclosures for one member, a batch with one bad item, and PHI-free logs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BODY_LIMIT } from '../../src/http/limits.js';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { startServer, type RunningServer } from '../support/server.js';

const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-recording-'));
let server: RunningServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer({
    LEDGER_DATA_DIR: dir,
    LEDGER_STORE: 'sqlite',
    DATABASE_URL: '',
    LEDGER_LOG_LEVEL: 'info',
  });
  for (const role of ['recorder', 'member', 'auditor', 'privacy-officer'] as const) {
    tokens[role] = await issueLocalToken(dir, { subject: `${role}-1`, roles: [role], clientId: `${role}-client` });
  }
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function post(path: string, body: unknown, role = 'recorder', headers: Record<string, string> = {}) {
  const res = await fetch(`${server.base}${path}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: {
      'content-type': 'application/json',
      ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}),
      ...headers,
    },
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : null };
}

async function head(): Promise<number> {
  const metrics = await (await fetch(`${server.base}/metrics`)).text();
  return Number(/^phi_ledger_log_head_position (\d+)/m.exec(metrics)![1]);
}

async function storedStream(stream: string) {
  const store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
  try {
    return await store.readStream(stream);
  } finally {
    await store.close();
  }
}

const disclosure = (over: Record<string, unknown> = {}) => ({
  disclosureId: 'E1',
  memberId: 'M-1001',
  occurredAt: '2024-06-15T14:00:00Z',
  recipient: { name: 'State Dept. of Health', address: '1 Capitol Way', id: 'PHA-1' },
  channel: 'government',
  phiDescription: 'Immunization history of Jane Roe',
  purpose: 'Immunization registry reporting required by state law',
  purposeOfUse: 'PUBHLTH',
  legalBasis: { cfr: '164.512(b)(1)(i)', permitted: true, authorizationId: null, rationale: null },
  writtenRequestRef: null,
  researchProtocolId: null,
  sensitivity: { part2: false, minorConsented: false },
  sourceSystem: 'hie-gateway',
  ...over,
});

describe('POST /v1/disclosures', () => {
  it('records a disclosure: 201 with position, permitted and accountable; who and correlation id are stored', async () => {
    const res = await post('/v1/disclosures', disclosure(), 'recorder', { 'x-request-id': 'corr-test-1' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      disclosureId: 'E1',
      memberId: 'M-1001',
      position: expect.any(Number),
      permitted: true,
      accountable: true,
      flags: [],
    });
    const [stored] = await storedStream('member-M-1001');
    expect(stored).toMatchObject({
      type: 'PhiDisclosed',
      recordedBy: { subject: 'recorder-1', clientId: 'recorder-client' },
      correlationId: 'corr-test-1',
    });
  });

  it('a retry with the same id and body answers 200 with the first response and stores nothing', async () => {
    const first = await post('/v1/disclosures', disclosure({ disclosureId: 'E-retry' }));
    const before = await head();
    const again = await post('/v1/disclosures', disclosure({ disclosureId: 'E-retry' }));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await head()).toBe(before);
  });

  it('the same id with another body is 409 ID_CONFLICT, also for another member', async () => {
    await post('/v1/disclosures', disclosure({ disclosureId: 'E-conflict' }));
    const other = await post('/v1/disclosures', disclosure({ disclosureId: 'E-conflict', purpose: 'something else' }));
    expect(other).toMatchObject({ status: 409, body: { code: 'ID_CONFLICT' } });
    const otherMember = await post('/v1/disclosures', disclosure({ disclosureId: 'E-conflict', memberId: 'M-2002' }));
    expect(otherMember).toMatchObject({ status: 409, body: { code: 'ID_CONFLICT' } });
  });

  it('an impermissible pixel disclosure is accountable and flagged for breach assessment', async () => {
    const res = await post(
      '/v1/disclosures',
      disclosure({
        disclosureId: 'E-pixel',
        channel: 'tracking-technology',
        recipient: { name: 'Ad Network', id: 'ADS-1' },
        legalBasis: { cfr: null, permitted: false },
      }),
    );
    expect(res).toMatchObject({
      status: 201,
      body: { permitted: false, accountable: true, flags: ['BREACH_ASSESSMENT_REQUIRED'] },
    });
  });

  it('164.512(k)(5) for a member not in custody is 422 INVALID_LEGAL_BASIS and stores nothing', async () => {
    const before = await head();
    const res = await post(
      '/v1/disclosures',
      disclosure({ disclosureId: 'E-jail', legalBasis: { cfr: '164.512(k)(5)', permitted: true } }),
    );
    expect(res).toMatchObject({
      status: 422,
      body: { code: 'INVALID_LEGAL_BASIS', errors: [{ path: 'legalBasis.cfr' }] },
    });
    expect(res.type).toContain('application/problem+json');
    expect(await head()).toBe(before);
  });

  it.each([
    [
      'a citation the rule table does not know',
      { legalBasis: { cfr: '999.1', permitted: true } },
      'UNKNOWN_LEGAL_BASIS',
      'legalBasis.cfr',
    ],
    [
      'occurredAt an hour ahead of the ledger',
      { occurredAt: new Date(Date.now() + 3_600_000).toISOString() },
      'OCCURRED_IN_FUTURE',
      'occurredAt',
    ],
  ])('%s is 422 and stores nothing', async (_case, over, code, path) => {
    const before = await head();
    const res = await post('/v1/disclosures', disclosure({ disclosureId: 'E-refused', ...over }));
    expect(res).toMatchObject({ status: 422, body: { code, errors: [{ path }] } });
    expect(await head()).toBe(before);
  });

  it('an authorization recorded for the member makes a 164.508 disclosure permitted until it is revoked', async () => {
    const auth = await post('/v1/members/M-3003/authorizations', {
      authorizationId: 'A1',
      recipient: { name: 'Acme HR', id: 'EMP-1' },
      purpose: 'return to work',
      phiScope: 'work restrictions',
      signedOn: '2024-01-01',
    });
    expect(auth).toMatchObject({ status: 201, body: { memberId: 'M-3003', authorizationId: 'A1' } });
    const employer = (id: string, occurredAt: string) =>
      disclosure({
        disclosureId: id,
        memberId: 'M-3003',
        occurredAt,
        channel: 'employer',
        recipient: { name: 'Acme HR', id: 'EMP-1' },
        legalBasis: { cfr: '164.508', permitted: true, authorizationId: 'A1' },
      });
    expect((await post('/v1/disclosures', employer('E-emp-1', '2024-02-01T15:00:00Z'))).body).toMatchObject({
      permitted: true,
      accountable: false,
    });
    expect((await post('/v1/members/M-3003/authorizations/A1/revocations', { revokedOn: '2024-03-01' })).status).toBe(
      201,
    );
    expect((await post('/v1/disclosures', employer('E-emp-2', '2024-03-02T15:00:00Z'))).body).toMatchObject({
      permitted: false,
      accountable: true,
    });
  });

  it('a disclosure through the HIE after an opt-out is impermissible', async () => {
    expect(
      (
        await post('/v1/members/M-4004/hie-consents', {
          consentId: 'H1',
          decision: 'opt-out',
          effectiveAt: '2024-01-01T00:00:00Z',
        })
      ).status,
    ).toBe(201);
    const res = await post(
      '/v1/disclosures',
      disclosure({
        disclosureId: 'E-hie',
        memberId: 'M-4004',
        channel: 'hie',
        legalBasis: { cfr: '164.506(c)(2)', permitted: true },
      }),
    );
    expect(res.body).toMatchObject({ permitted: false, flags: ['BREACH_ASSESSMENT_REQUIRED'] });
  });
});

describe('refused callers', () => {
  it.each([
    ['no token', '', 401],
    ['a member', 'member', 403],
    ['an auditor', 'auditor', 403],
  ])('%s cannot record a disclosure (%i) and nothing is stored', async (_label, role, status) => {
    const before = await head();
    const res = await post('/v1/disclosures', disclosure({ disclosureId: `E-refused-${status}-${role}` }), role);
    expect(res.status).toBe(status);
    expect(res.type).toContain('application/problem+json');
    expect(await head()).toBe(before);
  });

  it('a privacy officer records neither disclosures nor member facts (recorder only, as the role table says)', async () => {
    expect((await post('/v1/disclosures', disclosure({ disclosureId: 'E-po' }), 'privacy-officer')).status).toBe(403);
    expect((await post('/v1/members/M-5005/deaths', { diedOn: '1960-01-01' }, 'privacy-officer')).status).toBe(403);
  });
});

describe('bad input: a problem+json 4xx naming the field, and nothing stored', () => {
  it.each<[string, unknown, number, string]>([
    ['an unknown property', disclosure({ disclosureId: 'V1', ssn: '123-45-6789' }), 400, 'ssn'],
    [
      'a nested unknown property',
      disclosure({ disclosureId: 'V2', recipient: { name: 'X', fax: '1' } }),
      400,
      'recipient.fax',
    ],
    ['an id with a space', disclosure({ disclosureId: 'bad id' }), 400, 'disclosureId'],
    ['an id of 129 characters', disclosure({ disclosureId: 'x'.repeat(129) }), 400, 'disclosureId'],
    [
      '29 February in a common year',
      disclosure({ disclosureId: 'V3', occurredAt: '2023-02-29T10:00:00Z' }),
      400,
      'occurredAt',
    ],
    [
      'an instant without an offset',
      disclosure({ disclosureId: 'V4', occurredAt: '2023-03-01T10:00:00' }),
      400,
      'occurredAt',
    ],
    [
      'a period that ends before it starts',
      disclosure({
        disclosureId: 'V5',
        occurredAt: undefined,
        occurredPeriod: { from: '2024-08-03', to: '2024-08-01' },
      }),
      400,
      'occurredPeriod.to',
    ],
    [
      'both occurredAt and occurredPeriod',
      disclosure({ disclosureId: 'V6', occurredPeriod: { from: '2024-08-01', to: '2024-08-03' } }),
      400,
      'occurredPeriod',
    ],
    ['an unknown channel', disclosure({ disclosureId: 'V7', channel: 'carrier-pigeon' }), 400, 'channel'],
    [
      'a missing recipient name',
      disclosure({ disclosureId: 'V8', recipient: { address: 'x' } }),
      400,
      'recipient.name',
    ],
    [
      'a description over 2000 characters',
      disclosure({ disclosureId: 'V9', phiDescription: 'x'.repeat(2001) }),
      400,
      'phiDescription',
    ],
    [
      'a malformed CFR citation',
      disclosure({ disclosureId: 'V10', legalBasis: { cfr: 'HIPAA', permitted: true } }),
      400,
      'legalBasis.cfr',
    ],
    ['a body that is an array', [disclosure()], 400, ''],
  ])('%s', async (_label, body, status, path) => {
    const before = await head();
    const res = await post('/v1/disclosures', body);
    expect(res.status).toBe(status);
    expect(res.type).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    if (path) expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(JSON.stringify(res.body)).not.toContain('123-45-6789');
    expect(await head()).toBe(before);
  });

  it.each<[string, string, Record<string, string>, number]>([
    ['malformed JSON', '{"disclosureId": ', {}, 400],
    [
      'a body over the limit sized from the contract',
      JSON.stringify(disclosure({ purpose: 'x'.repeat(BODY_LIMIT) })),
      {},
      413,
    ],
    ['a non-JSON content type', 'disclosureId=E1', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
  ])('%s is refused with a problem', async (_label, body, headers, status) => {
    const before = await head();
    const res = await fetch(`${server.base}/v1/disclosures`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.recorder}`, ...headers },
    });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await head()).toBe(before);
  });
});

describe('concurrency and batches', () => {
  it('100 concurrent disclosures for one member are all stored with contiguous revisions', async () => {
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        post('/v1/disclosures', disclosure({ disclosureId: `C-${i}`, memberId: 'M-BUSY' })),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(100).fill(201));
    const stored = await storedStream('member-M-BUSY');
    expect(stored.map((e) => e.revision)).toEqual(Array.from({ length: 100 }, (_, i) => BigInt(i)));
    expect(new Set(stored.map((e) => (e.data as { disclosureId: string }).disclosureId)).size).toBe(100);
  });

  it('a batch with one bad item records the others and says which item failed and why', async () => {
    const items = [
      disclosure({ disclosureId: 'B-1', memberId: 'M-B' }),
      disclosure({ disclosureId: 'B-2', memberId: 'M-B', occurredAt: 'yesterday' }),
      disclosure({ disclosureId: 'B-3', memberId: 'M-C' }),
      disclosure({ disclosureId: 'B-1', memberId: 'M-B' }),
    ];
    const res = await post('/v1/disclosure-batches', { items });
    expect(res.status).toBe(200);
    expect(res.body.results).toMatchObject([
      { index: 0, status: 'created', disclosureId: 'B-1' },
      { index: 1, status: 'rejected', problem: { code: 'VALIDATION_FAILED', errors: [{ path: 'occurredAt' }] } },
      { index: 2, status: 'created', disclosureId: 'B-3' },
      { index: 3, status: 'replayed', disclosureId: 'B-1' },
    ]);
    expect(res.body.results[3].position).toBe(res.body.results[0].position);
    expect((await storedStream('member-M-B')).map((e) => e.type)).toEqual(['PhiDisclosed']);
  });

  it('a batch of more than 1000 items is refused whole', async () => {
    const res = await post('/v1/disclosure-batches', {
      items: Array.from({ length: 1001 }, (_, i) => disclosure({ disclosureId: `X-${i}` })),
    });
    expect(res).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', errors: [{ path: 'items' }] } });
  });
});

describe('corrections, voids and member facts', () => {
  it('a correction re-judges the disclosure; a void keeps it in the trail; both replay by id', async () => {
    await post('/v1/disclosures', disclosure({ disclosureId: 'K-1', memberId: 'M-K' }));
    const correction = {
      correctionId: 'K-1-c1',
      changes: { recipient: { name: 'State Dept. of Health', address: '2 Capitol Way' } },
      reason: 'address typo',
    };
    expect(await post('/v1/disclosures/K-1/corrections', correction)).toMatchObject({
      status: 201,
      body: { disclosureId: 'K-1', permitted: true },
    });
    expect((await post('/v1/disclosures/K-1/corrections', correction)).status).toBe(200);
    expect((await post('/v1/disclosures/K-1/voids', { voidId: 'K-1-v', reason: 'entered in error' })).status).toBe(201);
    expect(await post('/v1/disclosures/K-1/corrections', { ...correction, correctionId: 'K-1-c2' })).toMatchObject({
      status: 409,
      body: { code: 'DISCLOSURE_VOIDED' },
    });
    expect((await storedStream('member-M-K')).map((e) => e.type)).toEqual([
      'PhiDisclosed',
      'DisclosureCorrected',
      'DisclosureVoided',
    ]);
  });

  it('correcting an unknown disclosure is 404 UNKNOWN_DISCLOSURE', async () => {
    expect(
      await post('/v1/disclosures/NOPE/corrections', { correctionId: 'c', changes: { purpose: 'x' }, reason: 'r' }),
    ).toMatchObject({ status: 404, body: { code: 'UNKNOWN_DISCLOSURE' } });
  });

  it('records custody periods, representatives (also declined), uses and research protocols', async () => {
    expect(
      (await post('/v1/members/M-F/custody-periods', { custodyId: 'CU1', from: '2024-01-01', until: '2024-12-31' }))
        .status,
    ).toBe(201);
    expect(
      (await post('/v1/members/M-F/custody-periods', { custodyId: 'CU2', from: '2024-02-01', until: '2024-01-01' }))
        .status,
    ).toBe(400);
    expect(
      (
        await post('/v1/members/M-F/representatives', {
          representativeId: 'R1',
          personId: 'P-9',
          kind: 'parent',
          declinedBasis: '164.502(g)(5): reasonable belief of abuse',
        })
      ).status,
    ).toBe(201);
    const use = {
      useId: 'U1',
      memberId: 'M-F',
      occurredAt: '2024-05-01T10:00:00Z',
      actor: { id: 'W-1', name: 'Claims analyst', role: 'claims' },
      action: 'view',
      phiDescription: 'claim history',
      purposeOfUse: 'HPAYMT',
      sourceSystem: 'claims',
    };
    expect((await post('/v1/uses', use)).status).toBe(201);
    expect(
      (await post('/v1/use-batches', { items: [use, { ...use, useId: 'U2' }] })).body.results.map(
        (r: { status: string }) => r.status,
      ),
    ).toEqual(['replayed', 'created']);
    const protocol = {
      protocolId: 'P-DIAB',
      name: 'Diabetes outcomes',
      description: 'Outcomes of type 2 diabetes care',
      selectionCriteria: 'members with E11 claims',
      phiTypes: 'diagnoses, lab results',
      sponsor: { name: 'NIH', address: 'Bethesda, MD', phone: '301-555-0100' },
      researcher: { name: 'Dr. Smith', address: 'State University', phone: '555-0101' },
      cohortSize: 1200,
    };
    expect((await post('/v1/research-protocols', protocol)).status).toBe(201);
    expect((await post('/v1/research-protocols', protocol)).status).toBe(200);
    expect((await post('/v1/research-protocols', { ...protocol, cohortSize: 10 })).status).toBe(409);
  });
});

it('logs hold no PHI: no recipient names, descriptions or member ids', () => {
  const logs = server.logs();
  expect(logs).toContain('"path":"/v1/disclosures"');
  for (const phi of ['Jane Roe', 'State Dept. of Health', '1 Capitol Way', 'M-1001', 'Immunization history'])
    expect(logs).not.toContain(phi);
});
