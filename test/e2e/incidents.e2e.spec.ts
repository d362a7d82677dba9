/**
 * A tracking-pixel incident over 1,000 members, from record to notices, on SQLite and PostgreSQL: the pixel's
 * disclosures are recorded impermissible (flagged), grouped into one incident (the queue empties), counted per State
 * (media notice for more than 500 residents of one, 164.406), concluded a breach, noticed; a small misdirected-mail
 * incident lands on the annual HHS log (164.408(c)) as JSON and CSV. Every new route refuses members and recorders.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { dropSchema, freshSchema, pgTestTarget } from '../support/postgres.js';
import { callApi } from '../support/api.js';
import { startServer, type RunningServer } from '../support/server.js';

const MEMBERS = 1000;
const pg = await pgTestTarget();

const pixel = (i: number) => ({
  disclosureId: `PX-${i}`,
  memberId: `M-PX${i}`,
  occurredAt: '2025-01-15T15:00:00Z',
  recipient: { name: 'Social media platform (pixel)', id: 'ADV-1' },
  channel: 'tracking-technology',
  phiDescription: 'portal page visited, member id',
  purpose: 'analytics pixel on authenticated pages',
  legalBasis: { cfr: null, permitted: false },
});

function incidentSuite(env: () => Record<string, string>, cleanup: () => Promise<void>) {
  let dir: string;
  let server: RunningServer;
  const token: Record<string, string> = {};

  const call = (method: 'GET' | 'POST', path: string, bearer: string, body?: unknown) =>
    callApi(server.base, method, path, bearer, body);
  const office = (path: string, body: unknown) => call('POST', path, token.office, body);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'phi-ledger-incidents-'));
    server = await startServer({ LEDGER_DATA_DIR: dir, ...env() });
    for (const [name, role] of [
      ['recorder', 'recorder'],
      ['office', 'privacy-officer'],
      ['auditor', 'auditor'],
      ['member', 'member'],
    ] as const)
      token[name] = await issueLocalToken(dir, { subject: name === 'member' ? 'M-PX1' : name, roles: [role] });
    const batch = await call('POST', '/v1/disclosure-batches', token.recorder, {
      items: Array.from({ length: MEMBERS }, (_, i) => pixel(i)),
    });
    expect(batch.status).toBe(200);
    // 600 members live in New York, 400 in New Jersey
    const states = Array.from({ length: MEMBERS }, (_, i) => (i < 600 ? 'NY' : 'NJ'));
    for (let i = 0; i < MEMBERS; i += 50) {
      const posts = states.slice(i, i + 50).map((state, k) =>
        call('POST', `/v1/members/M-PX${i + k}/address-states`, token.recorder, {
          addressId: 'AD1',
          state,
          effectiveOn: '2020-01-01',
        }),
      );
      for (const res of await Promise.all(posts)) expect(res.status).toBe(201);
    }
  }, 120_000);
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    await cleanup();
  });

  it('the pixel’s 1,000 disclosures are one incident, and leave the breach-assessment queue', async () => {
    expect((await call('GET', '/v1/audit/breach-assessments', token.auditor)).body.assessments).toHaveLength(MEMBERS);
    const ids = Array.from({ length: MEMBERS }, (_, i) => `PX-${i}`);
    const opened = await office('/v1/incidents', {
      incidentId: 'INC-PIXEL',
      title: 'Analytics pixel on authenticated portal pages',
      discoveredOn: '2025-03-01',
      disclosureIds: ids,
    });
    expect(opened).toMatchObject({ status: 201, body: { incidentId: 'INC-PIXEL', disclosures: MEMBERS } });
    const queue = await call('GET', `/v1/audit/breach-assessments?minPosition=${opened.body.position}`, token.auditor);
    expect(queue.body.assessments).toHaveLength(0);
  });

  it('only flagged disclosures can be grouped (422 NOT_FLAGGED, nothing stored)', async () => {
    const res = await office('/v1/incidents/INC-PIXEL/disclosures', { disclosureIds: ['NO-SUCH'] });
    expect(res).toMatchObject({ status: 422, body: { code: 'NOT_FLAGGED' } });
  });

  it('later disclosures are taken in by filter, in pages; a filter matching nothing left is 422', async () => {
    const later = Array.from({ length: 25 }, (_, i) => ({
      ...pixel(i),
      disclosureId: `PX-LATE-${i}`,
      occurredAt: '2025-02-20T15:00:00Z',
    }));
    expect((await call('POST', '/v1/disclosure-batches', token.recorder, { items: later })).status).toBe(200);
    const filter = {
      channel: 'tracking-technology',
      recipientName: 'Social media platform (pixel)',
      from: '2025-02-01',
    };
    expect(await office('/v1/incidents/INC-PIXEL/disclosures', { filter })).toMatchObject({
      status: 201,
      body: { disclosures: MEMBERS + 25, added: 25, commands: 1 },
    });
    expect(await office('/v1/incidents/INC-PIXEL/disclosures', { filter })).toMatchObject({
      status: 422,
      body: { code: 'NO_MATCHING_DISCLOSURES' },
    });
    expect(await office('/v1/incidents/INC-PIXEL/disclosures', { filter, disclosureIds: ['PX-1'] })).toMatchObject({
      status: 400,
    });
  });

  it('the incident view: affected per State, media notice for New York only, HHS with the notices (≥ 500)', async () => {
    const view = await call('GET', '/v1/audit/incidents/INC-PIXEL?limit=100&asOf=2025-03-05T12:00:00Z', token.auditor);
    expect(view.body).toMatchObject({
      status: 'open',
      affected: MEMBERS,
      affectedByState: { NY: 600, NJ: 400 },
      channels: ['tracking-technology'],
      deadlines: {
        individualNotices: { dueOn: '2025-04-30', overdue: false },
        mediaNotice: { states: ['NY'], dueOn: '2025-04-30' },
        hhsNotice: { route: 'with-individual-notices', dueOn: '2025-04-30' },
      },
    });
    expect(view.body.page.disclosures).toHaveLength(100);
    const next = await call(
      'GET',
      `/v1/audit/incidents/INC-PIXEL?limit=100&cursor=${view.body.page.nextCursor}`,
      token.auditor,
    );
    expect(next.body.page.disclosures[0].disclosureId > view.body.page.disclosures[99].disclosureId).toBe(true);
  });

  it('overdue once the 60 days pass unnoticed; listed by due-within', async () => {
    const list = await call('GET', '/v1/audit/incidents?status=open&asOf=2025-05-01T12:00:00Z', token.auditor);
    expect(list.body.incidents).toEqual([expect.objectContaining({ incidentId: 'INC-PIXEL', overdue: true })]);
    const soon = await call('GET', '/v1/audit/incidents?due-within=10&asOf=2025-04-01T12:00:00Z', token.office);
    expect(soon.body.incidents).toHaveLength(0);
    const within = await call('GET', '/v1/audit/incidents?due-within=30&asOf=2025-04-01T12:00:00Z', token.office);
    expect(within.body.incidents).toHaveLength(1);
  });

  it('concluded a breach, noticed on time: nothing overdue', async () => {
    expect(
      (await office('/v1/incidents/INC-PIXEL/conclusions', { conclusion: 'breach', concludedOn: '2025-03-20' })).status,
    ).toBe(201);
    for (const kind of ['individual', 'media', 'hhs'])
      expect((await office('/v1/incidents/INC-PIXEL/notices', { kind, sentOn: '2025-04-15' })).status).toBe(201);
    const view = await call('GET', '/v1/audit/incidents/INC-PIXEL?asOf=2025-06-01T12:00:00Z', token.auditor);
    expect(view.body).toMatchObject({
      status: 'concluded',
      overdue: false,
      deadlines: { individualNotices: { sentOn: '2025-04-15', late: false } },
    });
  });

  it('a small breach is on the annual HHS log, as JSON and as CSV', async () => {
    const eobs = [1, 2, 3].map((n) => ({
      ...pixel(0),
      disclosureId: `EOB-${n}`,
      memberId: `M-EOB${n}`,
      recipient: { name: 'Wrong address', id: null },
      channel: 'other',
      occurredAt: '2025-06-02T15:00:00Z',
    }));
    for (const e of eobs) expect((await call('POST', '/v1/disclosures', token.recorder, e)).status).toBe(201);
    await office('/v1/incidents', {
      incidentId: 'INC-EOB',
      title: 'Misdirected EOBs',
      discoveredOn: '2025-06-10',
      disclosureIds: eobs.map((e) => e.disclosureId),
    });
    await office('/v1/incidents/INC-EOB/conclusions', { conclusion: 'breach', concludedOn: '2025-06-12' });
    const log = await call('GET', '/v1/audit/hhs-breach-log?year=2025', token.auditor);
    expect(log.body).toMatchObject({
      year: 2025,
      dueOn: '2026-03-01',
      breaches: [
        { incidentId: 'INC-EOB', individualsAffected: 3, discoveryDate: '2025-06-10', breachStartDate: '2025-06-02' },
      ],
    });
    const csv = await call('GET', '/v1/audit/hhs-breach-log?year=2025&format=csv', token.auditor);
    expect(csv.type).toMatch(/^text\/csv/);
    const lines = (csv.body as string).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'incidentId,breachStartDate,breachEndDate,discoveryDate,individualsAffected,typeOfBreach,locationOfBreachedInformation,safeguardsAndActions,individualNoticeDate,mediaNoticeDate,description',
    );
    expect(lines).toHaveLength(2);
  });

  it('members and recorders get 403 on every incident route', async () => {
    for (const bearer of [token.member, token.recorder]) {
      expect((await call('GET', '/v1/audit/incidents', bearer)).status).toBe(403);
      expect((await call('GET', '/v1/audit/incidents/INC-PIXEL', bearer)).status).toBe(403);
      expect((await call('GET', '/v1/audit/hhs-breach-log?year=2025', bearer)).status).toBe(403);
      expect(
        (await call('POST', '/v1/incidents/INC-PIXEL/notices', bearer, { kind: 'hhs', sentOn: '2025-04-15' })).status,
      ).toBe(403);
    }
  });
}

describe('breach incidents on SQLite (embedded)', () => {
  incidentSuite(
    () => ({ LEDGER_STORE: 'sqlite', DATABASE_URL: '' }),
    async () => undefined,
  );
});

describe('breach incidents on PostgreSQL', () => {
  if (!pg.url) {
    it.skip(pg.skipReason!, () => undefined);
    return;
  }
  const schema = freshSchema('inc_e2e');
  incidentSuite(
    () => ({ LEDGER_STORE: 'postgres', DATABASE_URL: pg.url!, LEDGER_PG_SCHEMA: schema }),
    () => dropSchema(pg.url!, schema),
  );
});
