/**
 * The accounting end to end: every engine scenario (test/fixtures/accounting-scenarios.ts) recorded through
 * the API on the real store and asked for over HTTP; role scoping; receipts that verify offline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { verifyOffline } from '../../src/integrity/verifier/offline-verifier.js';
import { scenarios, type Scenario } from '../fixtures/accounting-scenarios.js';

/** The scenarios include the 42 CFR 2.25 accounting, offered only by a Part 2 program. */
const PART2_PROGRAM = { LEDGER_POLICY_PART2_PROGRAM: 'true' };
import { dropSchema, freshSchema, pgTestTarget } from '../support/postgres.js';
import { startServer, type RunningServer } from '../support/server.js';

const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-accounting-'));
let server: RunningServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer({ LEDGER_DATA_DIR: dir, LEDGER_STORE: 'sqlite', DATABASE_URL: '', ...PART2_PROGRAM });
  for (const role of ['recorder', 'privacy-officer', 'auditor'] as const)
    tokens[role] = await issueLocalToken(dir, { subject: `${role}-1`, roles: [role] });
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: 'GET' | 'POST', path: string, body?: unknown, token = tokens.recorder) {
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

async function expectCreated(promise: Promise<{ status: number; body: { position?: number } }>): Promise<number> {
  const res = await promise;
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`expected 201, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.position ?? 0;
}

/** Records a scenario through the API; returns the highest position written. */
async function record(s: Scenario, memberId: string): Promise<number> {
  const positions: number[] = [];
  const office = tokens['privacy-officer'];
  for (const p of s.protocols ?? []) {
    positions.push(
      await expectCreated(
        call('POST', '/v1/research-protocols', {
          protocolId: p.id,
          name: `Protocol ${p.id}`,
          description: 'Outcomes of diabetes care',
          selectionCriteria: 'members with diabetes claims',
          phiTypes: 'diagnoses, lab results',
          sponsor: { name: 'NIH', address: 'Bethesda, MD', phone: '301-555-0100' },
          researcher: { name: 'Dr. Smith', address: 'State University', phone: '555-0101' },
          cohortSize: p.cohortSize,
        }),
      ),
    );
  }
  for (const [i, c] of (s.custody ?? []).entries()) {
    positions.push(
      await expectCreated(
        call('POST', `/v1/members/${memberId}/custody-periods`, { custodyId: `CU-${i}`, from: c.from, until: c.until }),
      ),
    );
  }
  for (const [i, r] of (s.representatives ?? []).entries()) {
    positions.push(
      await expectCreated(call('POST', `/v1/members/${memberId}/representatives`, { representativeId: `R${i}`, ...r })),
    );
  }
  if (s.diedOn)
    positions.push(await expectCreated(call('POST', `/v1/members/${memberId}/deaths`, { diedOn: s.diedOn })));
  const items = s.disclosures.map((d) => ({
    disclosureId: d.id,
    memberId,
    ...(d.period ? { occurredPeriod: d.period } : { occurredAt: d.at }),
    recipient: {
      name: d.recipient?.name ?? 'State Dept. of Health',
      address: d.recipient?.address ?? null,
      id: d.recipient?.id ?? 'PHA-1',
    },
    channel: d.channel ?? 'government',
    madeBy: d.madeBy ?? null,
    phiDescription: d.description ?? 'Immunization history',
    purpose: d.purpose ?? 'Public health reporting',
    legalBasis: { cfr: d.cfr === undefined ? '164.512(b)(1)(i)' : d.cfr, permitted: d.permitted ?? true },
    writtenRequestRef: d.writtenRequestRef ?? null,
    researchProtocolId: d.researchProtocolId ?? null,
    sensitivity: {
      part2: d.part2 ?? false,
      minorConsented: d.minorConsented ?? false,
      ...(d.viaEhr ? { viaEhr: true } : {}),
    },
  }));
  const batch = await call('POST', '/v1/disclosure-batches', { items });
  for (const result of batch.body.results) {
    if (result.status !== 'created') throw new Error(`disclosure not recorded: ${JSON.stringify(result)}`);
    positions.push(result.position);
  }
  for (const id of s.voids ?? [])
    positions.push(
      await expectCreated(
        call('POST', `/v1/disclosures/${id}/voids`, { voidId: `${id}-void`, reason: 'entered in error' }),
      ),
    );
  for (const x of s.suspensions ?? []) {
    positions.push(
      await expectCreated(
        call(
          'POST',
          '/v1/suspensions',
          {
            suspensionId: x.id,
            agency: x.agency,
            form: x.form,
            statedAt: x.statedAt,
            until: x.until,
            officialIdentity: x.officialIdentity,
            memberIds: x.otherMemberOnly ? ['M-SOMEONE-ELSE'] : [memberId],
          },
          office,
        ),
      ),
    );
    for (const w of x.writtenStatements ?? [])
      positions.push(await expectCreated(call('POST', `/v1/suspensions/${x.id}/written-statements`, w, office)));
  }
  return Math.max(...positions);
}

describe('every engine scenario, through HTTP on the embedded store', () => {
  it.each(scenarios.map((s, i) => [`${s.clause}: ${s.name}`, s, i] as const))('%s', async (_title, s, i) => {
    await expectScenario(s, `M-SCN-${i}`);
  });
});

const pg = await pgTestTarget();
describe('every engine scenario, through HTTP on PostgreSQL', () => {
  if (!pg.url) {
    it.skip(pg.skipReason!, () => undefined);
    return;
  }
  const schema = freshSchema('acc_e2e');
  const pgDir = mkdtempSync(join(tmpdir(), 'phi-ledger-accounting-pg-'));
  let embedded: RunningServer;
  beforeAll(async () => {
    embedded = server;
    server = await startServer({
      LEDGER_DATA_DIR: pgDir,
      LEDGER_STORE: 'postgres',
      DATABASE_URL: pg.url!,
      LEDGER_PG_SCHEMA: schema,
      ...PART2_PROGRAM,
    });
    for (const role of ['recorder', 'privacy-officer', 'auditor'] as const)
      tokens[role] = await issueLocalToken(pgDir, { subject: `${role}-1`, roles: [role] });
  });
  afterAll(async () => {
    await server.stop();
    server = embedded;
    for (const role of ['recorder', 'privacy-officer', 'auditor'] as const)
      tokens[role] = await issueLocalToken(dir, { subject: `${role}-1`, roles: [role] });
    await dropSchema(pg.url!, schema);
    rmSync(pgDir, { recursive: true, force: true });
  });
  it.each(scenarios.map((s, i) => [`${s.clause}: ${s.name}`, s, i] as const))('%s', async (_title, s, i) => {
    await expectScenario(s, `M-SCN-${i}`);
  });
});

async function expectScenario(s: Scenario, memberId: string): Promise<void> {
  const position = await record(s, memberId);
  const params = new URLSearchParams({
    requestedOn: s.query.requestedOn,
    asOf: s.query.asOf ?? `${s.query.requestedOn}T17:00:00Z`,
    includeTrace: 'true',
    minPosition: String(position),
    summarize: String(s.query.summarize ?? true),
    ...(s.query.from ? { from: s.query.from } : {}),
    ...(s.query.to ? { to: s.query.to } : {}),
    ...(s.query.requester ? { requester: s.query.requester } : {}),
    ...(s.query.regime ? { regime: s.query.regime } : {}),
  });
  const res = await call(
    'GET',
    `/v1/members/${memberId}/accounting?${params.toString()}`,
    undefined,
    tokens['privacy-officer'],
  );
  expect(res.status).toBe(200);
  expect(res.body.entries.map((e: { disclosureIds: string[] }) => e.disclosureIds)).toEqual(s.entries);
  expect(
    Object.fromEntries(res.body.trace.map((t: { disclosureId: string; code: string }) => [t.disclosureId, t.code])),
  ).toEqual(s.trace);
  for (const [index, shape] of Object.entries(s.entryShapes ?? {}))
    expect(res.body.entries[Number(index)]).toMatchObject(shape);
}

describe('who may see an accounting', () => {
  const memberId = 'M-ROLES';
  let position = 0;
  beforeAll(async () => {
    position = await record(
      {
        ...scenarios.find((s) => s.clause === '164.502(g)(3)(i)')!,
        disclosures: [
          { id: 'RO-minor', at: '2024-05-01T16:00:00Z', minorConsented: true },
          { id: 'RO-other', at: '2024-06-01T16:00:00Z' },
        ],
      },
      memberId,
    );
  });

  it('the member sees their own accounting, without the trace', async () => {
    const member = await issueLocalToken(dir, { subject: memberId, roles: ['member'] });
    const res = await call('GET', `/v1/members/${memberId}/accounting?minPosition=${position}`, undefined, member);
    expect(res.status).toBe(200);
    expect(res.body.entries.flatMap((e: { disclosureIds: string[] }) => e.disclosureIds).sort()).toEqual([
      'RO-minor',
      'RO-other',
    ]);
    expect(res.body.trace).toBeUndefined();
  });

  it('another member is refused (403), and so is a member setting office-only parameters', async () => {
    const other = await issueLocalToken(dir, { subject: 'M-OTHER', roles: ['member'] });
    expect((await call('GET', `/v1/members/${memberId}/accounting`, undefined, other)).status).toBe(403);
    const member = await issueLocalToken(dir, { subject: memberId, roles: ['member'] });
    expect((await call('GET', `/v1/members/${memberId}/accounting?includeTrace=true`, undefined, member)).status).toBe(
      403,
    );
    expect(
      (await call('GET', `/v1/members/${memberId}/accounting?asOf=2020-01-01T00:00:00Z`, undefined, member)).status,
    ).toBe(403);
  });

  it('the parent (a recorded representative) does not see what the minor consented to; a stranger representative is refused', async () => {
    const parent = await issueLocalToken(dir, { subject: 'PARENT-1', roles: ['representative'] });
    const res = await call('GET', `/v1/members/${memberId}/accounting?minPosition=${position}`, undefined, parent);
    expect(res.body.entries.flatMap((e: { disclosureIds: string[] }) => e.disclosureIds)).toEqual(['RO-other']);
    const stranger = await issueLocalToken(dir, { subject: 'NOT-A-REP', roles: ['representative'] });
    expect((await call('GET', `/v1/members/${memberId}/accounting`, undefined, stranger)).status).toBe(403);
  });

  it('a recorder cannot read accountings', async () => {
    expect((await call('GET', `/v1/members/${memberId}/accounting`)).status).toBe(403);
  });

  it('a format we do not make is 400 naming the ones we do (the formats themselves: test/reports/)', async () => {
    const res = await call('GET', `/v1/members/${memberId}/accounting?format=docx`, undefined, tokens.auditor);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toBe('format must be one of json, html, pdf, csv, fhir');
  });
});

describe('knownAt: the accounting as the ledger knew it', () => {
  it('a disclosure recorded after knownAt is not in the regenerated accounting; it is once knownAt is later', async () => {
    const memberId = 'M-LATE';
    const first = await record(
      { ...scenarios[0], disclosures: [{ id: 'K-early', at: '2024-01-10T16:00:00Z' }] },
      memberId,
    );
    const between = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const second = await record(
      {
        ...scenarios[0],
        disclosures: [{ id: 'K-late-ba-report', at: '2024-01-05T16:00:00Z', recipient: { name: 'Court', id: 'CT-9' } }],
      },
      memberId,
    );
    const ask = async (knownAt: string) =>
      (
        await call(
          'GET',
          `/v1/members/${memberId}/accounting?requestedOn=2025-03-10&asOf=2025-03-10T17:00:00Z&knownAt=${knownAt}&minPosition=${Math.max(first, second)}`,
          undefined,
          tokens.auditor,
        )
      ).body.entries.flatMap((e: { disclosureIds: string[] }) => e.disclosureIds);
    expect(await ask(between)).toEqual(['K-early']);
    expect(await ask(new Date().toISOString())).toEqual(['K-late-ba-report', 'K-early']);
  });

  it('a disclosure corrected twice and then voided appears at each knownAt in the version known then', async () => {
    const memberId = 'M-REVISED';
    let head = await record(
      {
        ...scenarios[0],
        disclosures: [{ id: 'K-rev', at: '2024-03-01T16:00:00Z', recipient: { name: 'Court A', id: 'CT-A' } }],
      },
      memberId,
    );
    const instants: string[] = [];
    const mark = async () => {
      instants.push(new Date().toISOString());
      await new Promise((r) => setTimeout(r, 20));
    };
    await mark();
    for (const [i, name] of ['Court B', 'Court C'].entries())
      head = await expectCreated(
        call('POST', '/v1/disclosures/K-rev/corrections', {
          correctionId: `K-rev-c${i + 1}`,
          changes: { recipient: { name, id: `CT-${name.at(-1)}` } },
          reason: 'recipient misnamed',
        }),
      );
    await mark(); // the second correction is known, the first one's version is replaced
    head = await expectCreated(
      call('POST', '/v1/disclosures/K-rev/voids', { voidId: 'K-rev-v', reason: 'entered in error' }),
    );
    await mark();
    const recipientsAt = async (knownAt: string) =>
      (
        await call(
          'GET',
          `/v1/members/${memberId}/accounting?requestedOn=2025-03-10&asOf=2025-03-10T17:00:00Z&knownAt=${knownAt}&minPosition=${head}`,
          undefined,
          tokens.auditor,
        )
      ).body.entries.map((e: { recipient: { name: string } }) => e.recipient.name);
    expect(await recipientsAt(instants[0])).toEqual(['Court A']);
    expect(await recipientsAt(instants[1])).toEqual(['Court C']);
    expect(await recipientsAt(instants[2])).toEqual([]); // voided: entered in error, never in an accounting
  });
});

describe('receipts', () => {
  it('includeReceipts gives each listed disclosure an inclusion proof that verifies offline against the checkpoint', async () => {
    const memberId = 'M-RECEIPTS';
    const position = await record(
      {
        ...scenarios[0],
        disclosures: [
          { id: 'RC-1', at: '2024-01-10T16:00:00Z', recipient: { name: 'Court A', id: 'CA' } },
          { id: 'RC-2', at: '2024-02-10T16:00:00Z', recipient: { name: 'Court B', id: 'CB' } },
        ],
      },
      memberId,
    );
    const res = await call(
      'GET',
      `/v1/members/${memberId}/accounting?includeReceipts=true&minPosition=${position}`,
      undefined,
      tokens.auditor,
    );
    expect(res.status).toBe(200);
    expect(res.body.checkpoint).toMatch(/^phi-ledger\.local\/ledger\n\d+\n/);
    const receipts = res.body.entries.flatMap((e: { receipts: unknown[] }) => e.receipts);
    expect(receipts).toHaveLength(2);
    const key = await (await fetch(`${server.base}/v1/integrity/public-key`)).text();
    const verdict = verifyOffline({
      checkpoint: res.body.checkpoint,
      publicKey: key,
      receipts: JSON.stringify(res.body),
    });
    expect(verdict.lines.filter((l) => l.includes('OK, included'))).toHaveLength(2);
    expect(verdict.ok).toBe(true);
  });
});

describe('an accounting is complete as of the request', () => {
  const lagDir = mkdtempSync(join(tmpdir(), 'phi-ledger-accounting-lag-'));
  let lagging: RunningServer;
  beforeAll(async () => {
    // projections apply one event per transaction: 400 disclosures keep the accounting read model behind a while
    lagging = await startServer({
      LEDGER_DATA_DIR: lagDir,
      LEDGER_STORE: 'sqlite',
      DATABASE_URL: '',
      LEDGER_PROJECTION_BATCH: '1',
    });
  });
  afterAll(async () => {
    await lagging.stop();
    rmSync(lagDir, { recursive: true, force: true });
  });

  it('without minPosition it waits for every disclosure recorded before it was asked (164.528(a): all of them)', async () => {
    const recorder = await issueLocalToken(lagDir, { subject: 'recorder-1', roles: ['recorder'] });
    const office = await issueLocalToken(lagDir, { subject: 'po-1', roles: ['privacy-officer'] });
    const ids = Array.from({ length: 400 }, (_, i) => `LAG-${i}`);
    const items = ids.map((id) => ({
      disclosureId: id,
      memberId: 'M-LAG',
      occurredAt: '2024-05-01T16:00:00Z',
      recipient: { name: 'State Dept. of Health', address: null, id: 'PHA-1' },
      channel: 'government',
      phiDescription: 'Immunization history',
      purpose: 'Public health reporting',
      legalBasis: { cfr: '164.512(b)(1)(i)', permitted: true },
    }));
    const batch = await fetch(`${lagging.base}/v1/disclosure-batches`, {
      method: 'POST',
      body: JSON.stringify({ items }),
      headers: { authorization: `Bearer ${recorder}`, 'content-type': 'application/json' },
    });
    expect(batch.status).toBe(200);
    const ready = (await (await fetch(`${lagging.base}/health/ready`)).json()) as {
      projections: { name: string; lag: string }[];
    };
    // the read model is behind when the accounting is asked for (else this test would prove nothing)
    expect(Number(ready.projections.find((p) => p.name === 'accounting')!.lag)).toBeGreaterThan(0);
    const res = await fetch(`${lagging.base}/v1/members/M-LAG/accounting?summarize=false`, {
      headers: { authorization: `Bearer ${office}` },
    });
    const body = (await res.json()) as { entries: { disclosureIds: string[] }[] };
    expect(res.status).toBe(200);
    expect(body.entries.flatMap((e) => e.disclosureIds).sort()).toEqual([...ids].sort());
  });
});
