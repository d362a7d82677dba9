/**
 * The member's access report and the uses behind it, end to end on the embedded store and on PostgreSQL
 * (regulation.md §1.8; api.md `GET /v1/members/{memberId}/access-report`, `POST /v1/uses`, `/v1/use-batches`):
 * every use, disclosure and read of the member's records in the period (three years by default, edges included and
 * excluded), newest first, paged without repeats or gaps; json, html and csv; who may ask; a use batch of 10,000.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { addDays, yearsBefore } from '../../src/rules/calendar.js';
import { planDate, planDateStart } from '../../src/rules/plan-dates.js';
import { callApi } from '../support/api.js';
import { dropSchema, freshSchema, storesUnderTest } from '../support/postgres.js';
import { startServer, type RunningServer } from '../support/server.js';

const ZONE = 'America/New_York';
const MEMBER = 'M-AR-1';

interface Entry {
  at: string;
  kind: 'disclosure' | 'read' | 'use';
  actor: { id?: string; name?: string; role: string } | null;
  recipient: { name: string; address: string | null } | null;
  action: string;
  description: string;
  purposeOfUse: string | null;
  position: number;
}

const use = (useId: string, occurredAt: string, over: Record<string, unknown> = {}) => ({
  useId,
  memberId: MEMBER,
  occurredAt,
  actor: { id: 'W-CLERK', name: 'Pat Clerk', role: 'claims examiner' },
  action: 'view',
  phiDescription: 'Claim detail',
  purposeOfUse: 'HPAYMT',
  sourceSystem: 'claims-ui',
  context: { kind: 'claim', id: 'CLM-1' },
  ...over,
});

const { pg, stores } = await storesUnderTest();

describe.each(stores)('the access report on $name', ({ env }) => {
  const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-access-report-'));
  const schema = freshSchema('access_report');
  let server: RunningServer;
  const token: Record<string, string> = {};
  const today = planDate(new Date(), ZONE);
  const firstDay = addDays(yearsBefore(today, 3), 1); // the default period's first day
  const noonOf = (date: string) => new Date(planDateStart(date, ZONE) + 12 * 3_600_000).toISOString();

  beforeAll(async () => {
    server = await startServer({ ...env, LEDGER_DATA_DIR: dir, LEDGER_PG_SCHEMA: schema, LEDGER_TIMEZONE: ZONE });
    token.recorder = await issueLocalToken(dir, { subject: 'rec-1', roles: ['recorder'] });
    token.member = await issueLocalToken(dir, { subject: MEMBER, roles: ['member'] });
    token.office = await issueLocalToken(dir, { subject: 'po-1', roles: ['privacy-officer'] });
    token.other = await issueLocalToken(dir, { subject: 'M-OTHER', roles: ['member'] });
  });
  afterAll(async () => {
    await server.stop();
    if (env.LEDGER_STORE === 'postgres') await dropSchema(pg.url!, schema);
    rmSync(dir, { recursive: true, force: true });
  });

  const get = async (query: string, bearer = token.member) => {
    const res = await callApi(server.base, 'GET', `/v1/members/${MEMBER}/access-report?${query}`, bearer);
    expect(res.status).toBe(200);
    return res.body as { entries: Entry[]; nextCursor: string | null; period: { from: string; to: string } };
  };

  it('records a use once per id: 201, the same body again 200, another body 409, also across months', async () => {
    const first = use('U-ONCE', noonOf(addDays(today, -10)));
    expect((await callApi(server.base, 'POST', '/v1/uses', token.recorder, first)).status).toBe(201);
    expect((await callApi(server.base, 'POST', '/v1/uses', token.recorder, first)).status).toBe(200);
    const changed = { ...first, action: 'print' };
    expect((await callApi(server.base, 'POST', '/v1/uses', token.recorder, changed)).body.code).toBe('ID_CONFLICT');
    // another month is another use stream; the id is still taken
    const moved = { ...first, occurredAt: noonOf(addDays(today, -80)) };
    const res = await callApi(server.base, 'POST', '/v1/uses', token.recorder, moved);
    expect([res.status, res.body.code]).toEqual([409, 'ID_CONFLICT']);
  });

  it('lists uses, disclosures and reads of the member’s records, newest first, each with who, what and why', async () => {
    const day = addDays(today, -5);
    expect((await callApi(server.base, 'POST', '/v1/uses', token.recorder, use('U-A', noonOf(day)))).status).toBe(201);
    const disclosure = {
      disclosureId: 'AR-D1',
      memberId: MEMBER,
      occurredAt: new Date(Date.parse(noonOf(day)) + 3_600_000).toISOString(),
      recipient: { name: 'State Dept. of Health', address: '1 Capitol Way', id: null },
      channel: 'government',
      phiDescription: 'Immunization history',
      purpose: 'Immunization registry reporting',
      purposeOfUse: 'PUBHLTH',
      legalBasis: { cfr: '164.512(b)(1)(i)', permitted: true },
      sensitivity: { part2: false, minorConsented: false },
    };
    expect((await callApi(server.base, 'POST', '/v1/disclosures', token.recorder, disclosure)).status).toBe(201);
    // a read through the ledger itself: the office looks at the member's accounting
    expect((await callApi(server.base, 'GET', `/v1/members/${MEMBER}/accounting`, token.office)).status).toBe(200);

    // a read appears once its batch is recorded (at most 100 ms after the answer): ask until it is there
    const officeRead = (e: Entry) => e.kind === 'read' && e.actor?.role === 'privacy-officer';
    let entries: Entry[] = [];
    for (let tries = 0; tries < 40 && !entries.some(officeRead); tries++) {
      if (tries > 0) await new Promise((r) => setTimeout(r, 50));
      entries = (await get(`from=${day}&to=${today}`)).entries;
    }
    const read = entries.find(officeRead)!;
    expect(read).toMatchObject({ action: 'read', description: 'accounting of disclosures (json)' });
    expect(read.actor).toEqual({ name: 'po-1', role: 'privacy-officer' });
    expect(entries.find((e) => e.kind === 'disclosure')).toMatchObject({
      recipient: { name: 'State Dept. of Health', address: '1 Capitol Way' },
      action: 'disclose',
      description: 'Immunization history',
      purposeOfUse: 'PUBHLTH',
      purpose: 'Immunization registry reporting',
    });
    // the member sees the actor's name and role (LEDGER_POLICY_ACCESS_REPORT_ACTORS=names), never the id
    expect(entries.find((e) => e.kind === 'use')).toMatchObject({
      actor: { name: 'Pat Clerk', role: 'claims examiner' },
      action: 'view',
      description: 'Claim detail',
      purposeOfUse: 'HPAYMT',
    });
    expect(entries.find((e) => e.kind === 'use')!.actor).not.toHaveProperty('id');
    const order = entries.map((e) => e.at);
    expect(order).toEqual([...order].sort().reverse());
    // the office sees the actor's id as well
    const office = await get(`from=${day}&to=${day}`, token.office);
    expect(office.entries.find((e) => e.kind === 'use')!.actor).toEqual({
      id: 'W-CLERK',
      name: 'Pat Clerk',
      role: 'claims examiner',
    });
  });

  it('covers the three years before today by default: the first day is in, the day before it is out', async () => {
    const items = [use('U-EDGE-IN', noonOf(firstDay)), use('U-EDGE-OUT', noonOf(addDays(firstDay, -1)))];
    const batch = await callApi(server.base, 'POST', '/v1/use-batches', token.recorder, { items });
    expect(batch.body.results.map((r: { status: string }) => r.status)).toEqual(['created', 'created']);
    let page = await get('limit=1000');
    const all: Entry[] = [...page.entries];
    while (page.nextCursor) {
      page = await get(`limit=1000&cursor=${encodeURIComponent(page.nextCursor)}`);
      all.push(...page.entries);
    }
    expect(page.period).toEqual({ from: firstDay, to: today });
    const descriptions = all.filter((e) => e.kind === 'use').map((e) => e.at);
    expect(descriptions).toContain(noonOf(firstDay));
    expect(descriptions).not.toContain(noonOf(addDays(firstDay, -1)));
  });

  it('pages without repeating or skipping an entry, even when many share one instant', async () => {
    const at = noonOf(addDays(today, -400));
    const items = Array.from({ length: 250 }, (_, i) => use(`U-SAME-${i}`, at));
    const batch = await callApi(server.base, 'POST', '/v1/use-batches', token.recorder, { items });
    expect(batch.status).toBe(200);
    const day = addDays(today, -400);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await get(`from=${day}&to=${day}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.entries.map((e) => e.position));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
  });

  it('takes 10,000 uses in one batch, and the same batch again is 10,000 replays', async () => {
    const start = Date.parse(noonOf(addDays(today, -30)));
    const items = Array.from({ length: 10_000 }, (_, i) =>
      use(`U-BULK-${i}`, new Date(start + i * 1000).toISOString(), { memberId: `M-BULK-${i % 500}` }),
    );
    const first = await callApi(server.base, 'POST', '/v1/use-batches', token.recorder, { items });
    expect(first.status).toBe(200);
    expect(first.body.results.filter((r: { status: string }) => r.status === 'created')).toHaveLength(10_000);
    const again = await callApi(server.base, 'POST', '/v1/use-batches', token.recorder, { items });
    expect(again.body.results.filter((r: { status: string }) => r.status === 'replayed')).toHaveLength(10_000);
    // decided without reading the stream first: a batch mixing a use already recorded, a new one on the same stream
    // and a changed one still answers each as if the stream had been read
    const mixed = await callApi(server.base, 'POST', '/v1/use-batches', token.recorder, {
      items: [items[0], { ...items[0], useId: 'U-BULK-NEW' }, { ...items[500], action: 'print' }],
    });
    const outcome = (r: { status: string; problem?: { code: string } }) => r.problem?.code ?? r.status;
    expect(mixed.body.results.map(outcome)).toEqual(['replayed', 'created', 'ID_CONFLICT']);
    const over = await callApi(server.base, 'POST', '/v1/use-batches', token.recorder, {
      items: [...items, use('U-BULK-X', noonOf(today))],
    });
    expect([over.status, over.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('a batch is stored a thousand at a time, in order: a use repeated in a later thousand replays the first, a changed one conflicts', async () => {
    const start = Date.parse(noonOf(addDays(today, -45)));
    const items = Array.from({ length: 2_500 }, (_, i) =>
      use(`U-CHUNK-${i}`, new Date(start + i * 1000).toISOString(), { memberId: `M-CHUNK-${i % 50}` }),
    );
    items[2_400] = items[3]; // the same use, third thousand
    items[2_450] = { ...items[5], action: 'print' }; // the same useId with another body
    const res = await callApi(server.base, 'POST', '/v1/use-batches', token.recorder, { items });
    expect(res.status).toBe(200);
    type Result = { index: number; status: string; position?: number; problem?: { code: string } };
    const results: Result[] = res.body.results;
    expect(results.map((r) => r.index)).toEqual(items.map((_, i) => i));
    expect(results.filter((r) => r.status === 'created')).toHaveLength(2_498);
    expect([results[2_400].status, results[2_400].position]).toEqual(['replayed', results[3].position]);
    expect(results[2_450].problem?.code).toBe('ID_CONFLICT');
    // each thousand is stored after the one before it
    const positions = (from: number) =>
      results.slice(from, from + 1000).flatMap((r) => (r.status === 'created' ? [r.position!] : []));
    expect(Math.max(...positions(0))).toBeLessThan(Math.min(...positions(1000)));
    expect(Math.max(...positions(1000))).toBeLessThan(Math.min(...positions(2000)));
  });

  it('a use batch may be larger than the 23 MB other routes take (10,000 uses of the largest sizes fit)', async () => {
    const start = Date.parse(noonOf(addDays(today, -60)));
    const description = 'é'.repeat(2000); // the longest allowed, 4,000 bytes: 10,000 of them are ~42 MB
    const items = Array.from({ length: 10_000 }, (_, i) =>
      use(`U-BIG-${i}`, new Date(start + i * 1000).toISOString(), {
        memberId: `M-BIG-${i % 100}`,
        phiDescription: description,
      }),
    );
    const body = JSON.stringify({ items });
    expect(Buffer.byteLength(body)).toBeGreaterThan(24 * 1024 * 1024);
    const res = await fetch(`${server.base}/v1/use-batches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.recorder}`, 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: { status: string }[] };
    expect(results.filter((r) => r.status === 'created')).toHaveLength(10_000);
  });

  it('is a web page in the member’s language and a CSV that parses back to the JSON', async () => {
    const day = addDays(today, -5);
    const json = await get(`from=${day}&to=${day}`);
    const html = await callApi(
      server.base,
      'GET',
      `/v1/members/${MEMBER}/access-report?from=${day}&to=${day}&format=html&lang=es`,
      token.member,
    );
    expect(html.type).toContain('text/html');
    expect(html.body).toContain('Quién ha usado o recibido su información de salud');
    expect(html.body).toContain('Pat Clerk (claims examiner)');
    const csv = await callApi(
      server.base,
      'GET',
      `/v1/members/${MEMBER}/access-report?from=${day}&to=${day}&format=csv`,
      token.member,
    );
    expect(csv.type).toContain('text/csv');
    const rows = parse<Record<string, string>>(csv.body as string, { columns: true });
    expect(rows.map((r) => [r.at, r.kind, Number(r.position)])).toEqual(
      json.entries.map((e) => [e.at, e.kind, e.position]),
    );
  });

  it('answers only the member, a representative and the office; bad parameters are 400, formats it lacks 406', async () => {
    const path = `/v1/members/${MEMBER}/access-report`;
    expect((await callApi(server.base, 'GET', path, token.other)).status).toBe(403);
    expect((await callApi(server.base, 'GET', path, token.recorder)).status).toBe(403);
    for (const query of [
      'from=2025-02-30',
      'limit=0',
      'cursor=nonsense',
      'from=2025-03-01&to=2025-02-01',
      'format=pdf',
    ]) {
      const res = await callApi(server.base, 'GET', `${path}?${query}`, token.member);
      expect([query, res.status, res.type]).toEqual([query, 400, expect.stringContaining('problem+json')]);
    }
    // this plan is not a Part 2 program: the 42 CFR 2.25 accounting is not offered
    const part2 = await callApi(server.base, 'GET', `/v1/members/${MEMBER}/accounting?regime=part2`, token.member);
    expect([part2.status, part2.body.errors?.[0]?.path]).toEqual([400, 'regime']);
    const pdf = await fetch(`${server.base}${path}`, {
      headers: { authorization: `Bearer ${token.member}`, accept: 'application/pdf' },
    });
    expect(pdf.status).toBe(406);
  });
});
