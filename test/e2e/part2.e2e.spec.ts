/**
 * 42 CFR Part 2 end to end on the embedded store and on PostgreSQL (regulation.md §1.9; rules/part2.ts): records for
 * proceedings against the member need a court order or specific consent (else 422, nothing stored); recorded as having
 * happened anyway, the disclosure is accountable, in the breach-assessment queue and flagged PART2_VIOLATION; the
 * §2.25 accounting (regime=part2) lists it under its own title.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { addDays } from '../../src/rules/calendar.js';
import { planDate, planDateStart } from '../../src/rules/plan-dates.js';
import { callApi } from '../support/api.js';
import { dropSchema, freshSchema, storesUnderTest } from '../support/postgres.js';
import { startServer, type RunningServer } from '../support/server.js';

const MEMBER = 'M-P2-1';
const proceedings = (over: Record<string, unknown>) => ({
  disclosureId: 'P2-COURT',
  memberId: MEMBER,
  occurredAt: '2026-05-04T15:00:00Z',
  recipient: { name: 'County Prosecutor', address: '1 Court Sq', id: null },
  channel: 'legal',
  phiDescription: 'SUD treatment records',
  purpose: 'Prosecution of the member',
  legalBasis: { cfr: '164.512(e)(1)(ii)', permitted: true },
  sensitivity: { part2: true, minorConsented: false, part2Proceedings: { courtOrderRef: null, consentRef: null } },
  ...over,
});

const { pg, stores } = await storesUnderTest();

describe.each(stores)('42 CFR Part 2 on $name', ({ env }) => {
  const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-part2-'));
  const schema = freshSchema('part2');
  let server: RunningServer;
  const token: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServer({
      ...env,
      LEDGER_DATA_DIR: dir,
      LEDGER_PG_SCHEMA: schema,
      LEDGER_POLICY_PART2_PROGRAM: 'true',
      LEDGER_POLICY_PART2_INTERMEDIARY: 'true',
    });
    token.recorder = await issueLocalToken(dir, { subject: 'rec-1', roles: ['recorder'] });
    token.office = await issueLocalToken(dir, { subject: 'po-1', roles: ['privacy-officer'] });
  });
  afterAll(async () => {
    await server.stop();
    if (env.LEDGER_STORE === 'postgres') await dropSchema(pg.url!, schema);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses Part 2 records for proceedings against the member without a court order or consent, storing nothing', async () => {
    const res = await callApi(server.base, 'POST', '/v1/disclosures', token.recorder, proceedings({}));
    expect(res.status).toBe(422);
    expect(res.type).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'PART2_PROCEEDINGS_RESTRICTION' });
    expect(JSON.stringify(res.body)).toContain('sensitivity.part2Proceedings');
  });

  it('with a court order it is recorded as permitted (and the refused one was not stored)', async () => {
    const res = await callApi(
      server.base,
      'POST',
      '/v1/disclosures',
      token.recorder,
      proceedings({
        disclosureId: 'P2-ORDERED',
        sensitivity: {
          part2: true,
          minorConsented: false,
          part2Proceedings: { courtOrderRef: 'ORDER-2-64', consentRef: null },
        },
      }),
    );
    expect([res.status, res.body.permitted, res.body.flags]).toEqual([201, true, []]);
    const stored = await callApi(
      server.base,
      'GET',
      `/v1/audit/disclosures?memberId=${MEMBER}&minPosition=${res.body.position}`,
      token.office,
    );
    expect(stored.body.disclosures.map((d: { disclosureId: string }) => d.disclosureId)).toEqual(['P2-ORDERED']);
  });

  it('recorded as having happened anyway: accountable, presumed a breach, a Part 2 violation, in the §2.25 accounting', async () => {
    const res = await callApi(
      server.base,
      'POST',
      '/v1/disclosures',
      token.recorder,
      proceedings({ legalBasis: { cfr: '164.512(e)(1)(ii)', permitted: false } }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      permitted: false,
      accountable: true,
      flags: ['BREACH_ASSESSMENT_REQUIRED', 'PART2_VIOLATION'],
    });
    const after = `minPosition=${res.body.position}`;
    const queue = await callApi(server.base, 'GET', `/v1/audit/breach-assessments?${after}`, token.office);
    expect(queue.body.assessments.map((a: { disclosureId: string }) => a.disclosureId)).toContain('P2-COURT');
    const flagged = await callApi(
      server.base,
      'GET',
      `/v1/audit/disclosures?flag=PART2_VIOLATION&${after}`,
      token.office,
    );
    expect(flagged.body.disclosures.map((d: { disclosureId: string }) => d.disclosureId)).toEqual(['P2-COURT']);

    const path = `/v1/members/${MEMBER}/accounting?regime=part2&requestedOn=2026-06-10&includeTrace=true`;
    const part2 = await callApi(server.base, 'GET', path, token.office);
    expect(part2.body.regime).toBe('part2');
    expect(part2.body.entries.map((e: { disclosureIds: string[] }) => e.disclosureIds)).toEqual([['P2-COURT']]);
    expect(part2.body.trace).toEqual([{ disclosureId: 'P2-ORDERED', code: 'NOT_PART2_LISTED' }]);
    const html = await callApi(server.base, 'GET', `${path}&format=html`, token.office);
    expect(html.body).toContain('substance use disorder treatment records (42 CFR 2.25)');
  });

  it('§2.24: a written request for the intermediary list is due in 30 days, overdue after, and answered with the list', async () => {
    // received a minute ago (the list is made from what the ledger knows when it is provided, now)
    const receivedAt = new Date(Date.now() - 60_000).toISOString();
    const due = addDays(planDate(receivedAt, 'America/New_York'), 30);
    const endOf = (date: string, hours: number) =>
      new Date(planDateStart(date, 'America/New_York') + hours * 3_600_000).toISOString();
    const filed = await callApi(server.base, 'POST', '/v1/accounting-requests', token.office, {
      requestId: 'REQ-P2-LIST',
      memberId: MEMBER,
      requester: { type: 'self' },
      receivedAt,
      kind: 'part2-intermediary-list',
      writtenRequestRef: 'LETTER-7',
    });
    expect([filed.status, filed.body.dueOn, filed.body.feeRequired]).toEqual([201, due, false]);
    const status = (asOf: string) =>
      callApi(server.base, 'GET', `/v1/accounting-requests/REQ-P2-LIST?asOf=${asOf}`, token.office);
    expect((await status(endOf(due, 23))).body).toMatchObject({
      kind: 'part2-intermediary-list',
      writtenRequestRef: 'LETTER-7',
      status: 'open',
    });
    expect((await status(endOf(addDays(due, 1), 1))).body.status).toBe('overdue');
    const extension = await callApi(
      server.base,
      'POST',
      '/v1/accounting-requests/REQ-P2-LIST/extensions',
      token.office,
      {
        sentAt: new Date().toISOString(),
        reason: 'archive',
        newDueOn: addDays(due, 20),
      },
    );
    expect([extension.status, extension.body.code]).toEqual([422, 'EXTENSION_NOT_ALLOWED']);
    const unwritten = await callApi(server.base, 'POST', '/v1/accounting-requests', token.office, {
      requestId: 'REQ-P2-ORAL',
      memberId: MEMBER,
      requester: { type: 'self' },
      kind: 'part2-intermediary-list',
    });
    expect([unwritten.status, unwritten.body.code]).toEqual([422, 'WRITTEN_REQUEST_REQUIRED']);

    const provided = await callApi(
      server.base,
      'POST',
      '/v1/accounting-requests/REQ-P2-LIST/fulfilments',
      token.office,
      {
        providedAt: new Date().toISOString(),
        format: 'json',
      },
    );
    expect([provided.status, provided.body.onTime]).toEqual([201, true]);
    const artifact = await callApi(server.base, 'GET', '/v1/accounting-requests/REQ-P2-LIST/artifact', token.office);
    const list = artifact.body as { regime: string; entries: { disclosureIds: string[] }[] };
    expect(list.regime).toBe('part2');
    expect(list.entries.map((e) => e.disclosureIds)).toEqual([['P2-COURT']]);
  });
});
