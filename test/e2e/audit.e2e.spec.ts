/** Auditors' queries over HTTP: disclosure search with cursor pagination, and the breach-assessment queue. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { startServer, type RunningServer } from '../support/server.js';

const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-audit-'));
let server: RunningServer;
let auditor: string;
let head = 0;

const disclosure = (i: number, over: Record<string, unknown> = {}) => ({
  disclosureId: `AU-${i}`,
  memberId: `M-A${i % 3}`,
  occurredAt: `2024-0${1 + (i % 9)}-10T15:00:00Z`,
  recipient: { name: i % 2 ? 'City Police' : 'State Dept. of Health', id: i % 2 ? 'PD-1' : 'PHA-1' },
  channel: 'government',
  phiDescription: 'claims',
  purpose: 'reporting',
  legalBasis: { cfr: i % 2 ? '164.512(f)(1)' : '164.512(b)(1)(i)', permitted: true },
  ...over,
});

beforeAll(async () => {
  server = await startServer({ LEDGER_DATA_DIR: dir, LEDGER_STORE: 'sqlite', DATABASE_URL: '' });
  auditor = await issueLocalToken(dir, { subject: 'au-1', roles: ['auditor'] });
  const recorder = await issueLocalToken(dir, { subject: 'svc', roles: ['recorder'] });
  const items = [
    ...Array.from({ length: 12 }, (_, i) => disclosure(i)),
    disclosure(12, {
      channel: 'tracking-technology',
      recipient: { name: 'Ad Network', id: 'ADS' },
      legalBasis: { cfr: null, permitted: false },
    }),
  ];
  const res = await fetch(`${server.base}/v1/disclosure-batches`, {
    method: 'POST',
    body: JSON.stringify({ items }),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${recorder}` },
  });
  head = Math.max(...((await res.json()) as { results: { position: number }[] }).results.map((r) => r.position));
  await fetch(`${server.base}/v1/members/M-A0/accounting?minPosition=${head}`, {
    headers: { authorization: `Bearer ${auditor}` },
  });
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const get = async (path: string) => {
  const res = await fetch(`${server.base}${path}`, { headers: { authorization: `Bearer ${auditor}` } });
  return { status: res.status, body: (await res.json()) as any };
};

describe('GET /v1/audit/disclosures', () => {
  it('filters by member, channel, CFR paragraph and permitted', async () => {
    expect((await get('/v1/audit/disclosures?memberId=M-A0')).body.disclosures).toHaveLength(5);
    expect(
      (await get('/v1/audit/disclosures?cfr=164.512(f)')).body.disclosures
        .map((d: { disclosureId: string }) => d.disclosureId)
        .sort(),
    ).toEqual(['AU-1', 'AU-11', 'AU-3', 'AU-5', 'AU-7', 'AU-9']);
    expect((await get('/v1/audit/disclosures?permitted=false')).body.disclosures).toMatchObject([
      { disclosureId: 'AU-12', accountable: true },
    ]);
    expect(
      (await get('/v1/audit/disclosures?recipient=city%20pol&from=2024-03-01&to=2024-05-31')).body.disclosures
        .map((d: { disclosureId: string }) => d.disclosureId)
        .sort(), // a batch appends its members' streams concurrently: their order in the log is not the items' order
    ).toEqual(['AU-11', 'AU-3']);
  });

  it('pages with a cursor until every disclosure was seen once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { disclosures: { disclosureId: string }[]; nextCursor: string | null } } = await get(
        `/v1/audit/disclosures?limit=5${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.disclosures.map((d) => d.disclosureId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(13);
    expect(new Set(seen).size).toBe(13);
  });

  it('refuses a bad filter with a problem naming it', async () => {
    expect(await get('/v1/audit/disclosures?limit=5000')).toMatchObject({
      status: 400,
      body: { errors: [{ path: 'limit' }] },
    });
  });
});

describe('GET /v1/audit/breach-assessments', () => {
  it('lists every impermissible disclosure awaiting assessment, with why', async () => {
    const { body } = await get('/v1/audit/breach-assessments?status=open');
    expect(body.assessments).toMatchObject([
      {
        disclosureId: 'AU-12',
        memberId: 'M-A0',
        status: 'open',
        reasons: ['recorded as impermissible by the recorder'],
      },
    ]);
  });
});

describe('accountable: one judgement for the write response, the audit list and the accounting', () => {
  const post = async (path: string, body: unknown) => {
    const recorder = await issueLocalToken(dir, { subject: 'svc', roles: ['recorder'] });
    const res = await fetch(`${server.base}${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${recorder}` },
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const accountingOf = async (memberId: string, minPosition: number) =>
    (
      await get(
        `/v1/members/${memberId}/accounting?includeTrace=true&requestedOn=2025-01-10&minPosition=${minPosition}`,
      )
    ).body;

  it('a de-identified report (164.514(b)) is not accountable: not in the write response, the audit list or the accounting', async () => {
    const recorded = await post('/v1/disclosures', {
      ...disclosure(100, { memberId: 'M-DEID', occurredAt: '2024-06-15T15:00:00Z' }),
      legalBasis: { cfr: '164.514(b)(2)', permitted: true },
    });
    expect(recorded).toMatchObject({ status: 201, body: { accountable: false } });
    const accounting = await accountingOf('M-DEID', recorded.body.position);
    expect(accounting.trace).toEqual([{ disclosureId: 'AU-100', code: 'NOT_PHI' }]);
    expect((await get('/v1/audit/disclosures?memberId=M-DEID')).body.disclosures).toMatchObject([
      { disclosureId: 'AU-100', accountable: false },
    ]);
  });

  it('a death recorded later (more than 50 years before a disclosure) makes it not accountable in the audit list too', async () => {
    const recorded = await post(
      '/v1/disclosures',
      disclosure(101, { memberId: 'M-LATE', occurredAt: '2024-06-15T15:00:00Z' }),
    );
    expect(recorded).toMatchObject({ status: 201, body: { accountable: true } });
    const death = await post('/v1/members/M-LATE/deaths', { diedOn: '1970-01-01' });
    expect(death.status).toBe(201);
    const accounting = await accountingOf('M-LATE', death.body.position);
    expect(accounting.trace).toEqual([{ disclosureId: 'AU-101', code: 'NOT_PHI' }]);
    expect((await get('/v1/audit/disclosures?memberId=M-LATE')).body.disclosures).toMatchObject([
      { disclosureId: 'AU-101', accountable: false },
    ]);
  });
});
