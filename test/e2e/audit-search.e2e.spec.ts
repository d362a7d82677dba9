/**
 * The auditors' search (issue 13), on the embedded store and on PostgreSQL: each filter alone and in combination,
 * who recorded each disclosure, oldest-first order, knownAt, keyset pages that see each row exactly once while
 * writes continue, and the same query exported as CSV and NDJSON, streamed and parsed back completely.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { callApi } from '../support/api.js';
import { dropSchema, freshSchema, storesUnderTest } from '../support/postgres.js';
import { startServer, type RunningServer } from '../support/server.js';

const { pg, stores } = await storesUnderTest();

const disclosure = (id: string, over: Record<string, unknown> = {}) => ({
  disclosureId: id,
  memberId: 'M-S1',
  occurredAt: '2025-02-10T15:00:00Z',
  recipient: { name: 'State Dept. of Health', id: 'PHA-1' },
  channel: 'government',
  phiDescription: 'claims',
  purpose: 'reporting',
  legalBasis: { cfr: '164.512(b)(1)(i)', permitted: true },
  ...over,
});

/** One disclosure per filter value, each told apart by its id. */
const SEED = [
  disclosure('S-health'),
  disclosure('S-police', {
    memberId: 'M-S2',
    occurredAt: '2025-04-02T15:00:00Z',
    recipient: { name: 'City Police Dept.', id: 'PD-1' },
    channel: 'legal',
    legalBasis: { cfr: '164.512(f)(1)(ii)(A)', permitted: true },
  }),
  disclosure('S-pbm', {
    recipient: { name: 'Claims Clearing Co', id: 'BA-PBM' },
    channel: 'business-associate',
    madeBy: 'PBM Inc.',
    legalBasis: { cfr: '164.506(c)(1)', permitted: true },
    sourceSystem: 'claims-gateway',
  }),
  disclosure('S-pixel', {
    memberId: 'M-S2',
    occurredAt: '2025-06-01T15:00:00Z',
    recipient: { name: 'Ad Network', id: 'ADS' },
    channel: 'tracking-technology',
    legalBasis: { cfr: null, permitted: false },
    sourceSystem: 'portal',
  }),
];

describe.each(stores)('GET /v1/audit/disclosures on $name', ({ env }) => {
  const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-search-'));
  const schema = freshSchema('audit_search');
  let server: RunningServer;
  let auditor: string;
  let office: string;
  let gateway: string;
  let recordedBetween: { before: string; after: string };

  const ids = async (query: string) => {
    const res = await callApi(server.base, 'GET', `/v1/audit/disclosures?${query}`, auditor);
    expect(res.status).toBe(200);
    return (res.body.disclosures as Array<{ disclosureId: string }>).map((d) => d.disclosureId).sort();
  };
  const post = async (token: string, path: string, body: unknown) => {
    const res = await callApi(server.base, 'POST', path, token, body);
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { position: number; results?: Array<{ position: number }> };
  };

  beforeAll(async () => {
    server = await startServer({ ...env, LEDGER_DATA_DIR: dir, LEDGER_PG_SCHEMA: schema });
    auditor = await issueLocalToken(dir, { subject: 'au-1', roles: ['auditor'] });
    office = await issueLocalToken(dir, { subject: 'po-1', roles: ['privacy-officer'] });
    const recorder = await issueLocalToken(dir, { subject: 'svc-claims', roles: ['recorder'] });
    gateway = await issueLocalToken(dir, { subject: 'svc-hie', roles: ['recorder'], clientId: 'hie-gateway' });
    await post(office, '/v1/business-associates', {
      associateId: 'BA-PBM',
      name: 'PBM Incorporated',
      aliases: ['Pharmacy Benefits Co'],
      services: 'pharmacy claims',
    });
    await post(office, '/v1/business-associates/BA-PBM/agreements', {
      agreementId: 'BAA-1',
      signedOn: '2020-01-01',
      effectiveFrom: '2020-01-01',
    });
    await post(recorder, '/v1/disclosure-batches', { items: SEED });
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const last = await post(gateway, '/v1/disclosures', disclosure('S-hie', { memberId: 'M-S3', channel: 'hie' }));
    await new Promise((r) => setTimeout(r, 20));
    recordedBetween = { before, after: new Date().toISOString() };
    // the pixel is flagged for a breach assessment: group it into an incident
    await post(office, '/v1/incidents', {
      incidentId: 'INC-S',
      title: 'pixel',
      discoveredOn: '2025-06-05',
      disclosureIds: ['S-pixel'],
    });
    // a correction after `after`: knownAt=after still shows the recipient as it was
    const corrected = await post(recorder, '/v1/disclosures/S-health/corrections', {
      correctionId: 'C-1',
      changes: { recipient: { name: 'State Health Agency', id: 'PHA-1' } },
      reason: 'renamed',
    });
    // recorded and voided (entered in error): in no total
    await post(
      recorder,
      '/v1/disclosures',
      disclosure('S-void', {
        memberId: 'M-S9',
        channel: 'family',
        recipient: { name: 'Aunt May', id: null },
        legalBasis: { cfr: '164.510(b)(1)', permitted: true },
      }),
    );
    const voided = await post(recorder, '/v1/disclosures/S-void/voids', { voidId: 'V-1', reason: 'entered in error' });
    const head = Math.max(last.position, corrected.position, voided.position);
    await callApi(server.base, 'GET', `/v1/audit/disclosures?limit=1&minPosition=${head}`, auditor);
  });
  afterAll(async () => {
    await server.stop();
    if (env.LEDGER_STORE === 'postgres') await dropSchema(pg.url!, schema);
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['memberId=M-S2', ['S-pixel', 'S-police']],
    ['recipient=city', ['S-police']], // name prefix, any case
    ['recipient=police', []], // a prefix, not "contains"
    ['recipient=PD-1', ['S-police']], // the recipient's id
    ['recipient=pharmacy%20ben', ['S-pbm']], // a registered business associate's alias
    ['channel=hie', ['S-hie']],
    ['cfr=164.512', ['S-health', 'S-hie', 'S-police']], // a prefix: all of 512
    ['cfr=164.512(f)', ['S-police']],
    ['permitted=false', ['S-pixel']],
    ['accountable=false', ['S-pbm', 'S-void']], // 164.506 operations: (a)(1)(i); a voided one is listed, flagged voided
    ['flag=BREACH_ASSESSMENT_REQUIRED', ['S-pixel']],
    ['madeBy=PBM%20Inc.', ['S-pbm']],
    ['sourceSystem=portal', ['S-pixel']],
    ['recordedBy=svc-hie', ['S-hie']], // token subject
    ['recordedBy=hie-gateway', ['S-hie']], // client id
    ['incidentId=INC-S', ['S-pixel']],
    ['from=2025-04-01&to=2025-05-31', ['S-police']],
    ['memberId=M-S1&accountable=true&cfr=164.512', ['S-health']], // combined
    ['recipient=state&channel=hie&recordedBy=svc-hie', ['S-hie']],
  ])('%s', async (query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });

  it('recordedFrom / recordedTo select by when the ledger recorded it', async () => {
    const { before, after } = recordedBetween;
    expect(await ids(`recordedFrom=${before}&recordedTo=${after}`)).toEqual(['S-hie']);
  });

  it('knownAt shows what was recorded by then, each as it stood then', async () => {
    const res = await callApi(
      server.base,
      'GET',
      `/v1/audit/disclosures?knownAt=${recordedBetween.after}&memberId=M-S1&channel=government`,
      auditor,
    );
    expect(res.body.disclosures.map((d: { recipient: { name: string } }) => d.recipient.name)).toEqual([
      'State Dept. of Health',
    ]);
    const now = await callApi(server.base, 'GET', '/v1/audit/disclosures?memberId=M-S1&channel=government', auditor);
    expect(now.body.disclosures[0].recipient.name).toBe('State Health Agency');
  });

  it('says who recorded each disclosure and when; orders newest or oldest first', async () => {
    const newest = await callApi(server.base, 'GET', '/v1/audit/disclosures?recipient=state&channel=hie', auditor);
    expect(newest.body.disclosures[0]).toMatchObject({
      recordedBy: { subject: 'svc-hie', clientId: 'hie-gateway' },
      recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      sourceSystem: null,
    });
    const all = (q: string) =>
      callApi(server.base, 'GET', `/v1/audit/disclosures?${q}`, auditor).then((r) =>
        (r.body.disclosures as Array<{ position: number }>).map((d) => d.position),
      );
    const desc = await all('order=newest');
    expect(await all('order=oldest')).toEqual([...desc].reverse());
  });

  it('exports the same query as CSV and NDJSON (format= or Accept), every row, who recorded it included', async () => {
    const csv = await fetch(`${server.base}/v1/audit/disclosures?cfr=164.512`, {
      headers: { authorization: `Bearer ${auditor}`, accept: 'text/csv' },
    });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    const rows = parse<Record<string, string>>(await csv.text(), { columns: true });
    expect(rows.map((r) => r.disclosureId).sort()).toEqual(['S-health', 'S-hie', 'S-police']);
    expect(rows.find((r) => r.disclosureId === 'S-hie')).toMatchObject({
      recordedBy: 'svc-hie',
      recordedByClient: 'hie-gateway',
    });
    const nd = await fetch(`${server.base}/v1/audit/disclosures?format=ndjson&order=oldest`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    const lines = (await nd.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { disclosureId: string });
    expect(lines.map((l) => l.disclosureId).sort()).toEqual(
      [...SEED.map((d) => d.disclosureId), 'S-hie', 'S-void'].sort(),
    );
  });

  const totals = async (query: string) => {
    const res = await callApi(server.base, 'GET', `/v1/audit/totals?${query}`, auditor);
    expect(res.status).toBe(200);
    return res.body as {
      source: 'cube' | 'disclosures';
      total: number;
      groups: Array<{ key: Record<string, unknown>; count: number }>;
    };
  };

  it('totals by one key, most first; a void counts nowhere', async () => {
    expect(await totals('groupBy=channel')).toEqual({
      groupBy: ['channel'],
      source: 'cube',
      total: 5,
      groups: [
        { key: { channel: 'business-associate' }, count: 1 },
        { key: { channel: 'government' }, count: 1 },
        { key: { channel: 'hie' }, count: 1 },
        { key: { channel: 'legal' }, count: 1 },
        { key: { channel: 'tracking-technology' }, count: 1 },
      ],
    });
  });

  it('totals by two keys (channel × month), over a filter; a correction moves its disclosure to its new cell', async () => {
    expect((await totals('groupBy=channel,month&cfr=164.512')).groups).toEqual([
      { key: { channel: 'government', month: '2025-02' }, count: 1 },
      { key: { channel: 'hie', month: '2025-02' }, count: 1 },
      { key: { channel: 'legal', month: '2025-04' }, count: 1 },
    ]);
    expect((await totals('groupBy=recipient&recipient=state')).groups).toEqual([
      { key: { recipient: 'State Dept. of Health' }, count: 1 }, // S-hie
      { key: { recipient: 'State Health Agency' }, count: 1 }, // S-health, corrected
    ]);
    expect(await totals('groupBy=permitted,sourceSystem')).toMatchObject({
      groups: [
        { key: { permitted: true, sourceSystem: null }, count: 3 },
        { key: { permitted: false, sourceSystem: 'portal' }, count: 1 },
        { key: { permitted: true, sourceSystem: 'claims-gateway' }, count: 1 },
      ],
    });
    expect((await totals('from=2025-03&to=2025-05')).total).toBe(1);
  });

  it('totals over a filter the cube is not kept by are counted over the matching disclosures, and agree with it', async () => {
    // the same questions over days instead of months: the disclosures answer, with the cube's groups
    for (const q of [
      'groupBy=channel',
      'groupBy=channel,month&cfr=164.512',
      'groupBy=recipient&recipient=state',
      'groupBy=permitted,sourceSystem',
    ]) {
      const cube = await totals(q);
      const rows = await totals(`${q}&from=2000-01-01&to=2099-12-31`);
      expect([q, cube.source, rows.source]).toEqual([q, 'cube', 'disclosures']);
      expect(rows.groups).toEqual(cube.groups);
    }
    // any filter of the search: the totals count what the search finds (voided disclosures aside)
    for (const filter of [
      'memberId=M-S1',
      'flag=BREACH_ASSESSMENT_REQUIRED',
      'accountable=true',
      'recordedBy=svc-hie',
      'from=2025-02-01&to=2025-02-28',
    ]) {
      const found = await callApi(server.base, 'GET', `/v1/audit/disclosures?${filter}&limit=500`, auditor);
      const counted = await totals(`groupBy=channel&${filter}`);
      const standing = found.body.disclosures.filter((d: { voided: boolean }) => !d.voided); // a void counts nowhere
      expect([filter, counted.source, counted.total]).toEqual([filter, 'disclosures', standing.length]);
    }
  });

  it('totals refuse more than two keys, a key they do not group by, a date that does not exist, knownAt', async () => {
    for (const q of [
      'groupBy=channel,month,cfr',
      'groupBy=memberId',
      'from=2025-02-30',
      'to=2025-13',
      'knownAt=2025-01-01T00:00:00Z',
    ]) {
      expect([q, (await callApi(server.base, 'GET', `/v1/audit/totals?${q}`, auditor)).status]).toEqual([q, 400]);
    }
  });

  it('bad filters are 400 naming the parameter', async () => {
    for (const q of ['accountable=yes', 'flag=lower', 'order=random', 'recordedFrom=yesterday', 'format=xml']) {
      const res = await callApi(server.base, 'GET', `/v1/audit/disclosures?${q}`, auditor);
      expect([q, res.status]).toEqual([q, 400]);
      expect(res.body.errors[0].path).toBe(q.split('=')[0]);
    }
  });
});

describe('at volume, on the embedded store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-search-volume-'));
  let server: RunningServer;
  let auditor: string;
  let recorder: string;
  const N = 10_000; // paged: channel government
  const BULK = 90_000; // with them, exported: 100,000 rows

  const batch = (from: number, count: number, prefix = 'V', channel = 'government') =>
    Array.from({ length: count }, (_, k) =>
      disclosure(`${prefix}-${from + k}`, { memberId: `M-V${(from + k) % 997}`, channel }),
    );
  const record = async (items: unknown[]) => {
    const res = await callApi(server.base, 'POST', '/v1/disclosure-batches', recorder, { items });
    expect(res.status).toBe(200);
    return Math.max(...(res.body.results as Array<{ position: number }>).map((r) => r.position));
  };

  beforeAll(async () => {
    server = await startServer({ LEDGER_DATA_DIR: dir, LEDGER_STORE: 'sqlite', DATABASE_URL: '' });
    auditor = await issueLocalToken(dir, { subject: 'au-1', roles: ['auditor'] });
    recorder = await issueLocalToken(dir, { subject: 'svc', roles: ['recorder'] });
    let head = 0;
    for (let i = 0; i < N; i += 1000) head = await record(batch(i, 1000));
    for (let i = 0; i < BULK; i += 1000) head = await record(batch(i, 1000, 'X', 'legal'));
    await callApi(server.base, 'GET', `/v1/audit/disclosures?limit=1&minPosition=${head}`, auditor);
  }, 300_000);
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('cursor pages over 10,000 rows return each row exactly once while writes continue', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let written = 0;
    do {
      const query: string = `channel=government&limit=500${cursor ? `&cursor=${cursor}` : ''}`;
      const [page] = await Promise.all([
        callApi(server.base, 'GET', `/v1/audit/disclosures?${query}`, auditor),
        record(batch(written, 50, 'W')).then(() => (written += 50)),
      ]);
      seen.push(...(page.body.disclosures as Array<{ disclosureId: string }>).map((d) => d.disclosureId));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    const first = seen.filter((id) => id.startsWith('V-'));
    expect(first).toHaveLength(N);
    expect(new Set(first).size).toBe(N);
    expect(new Set(seen).size).toBe(seen.length); // nothing twice, written-while-paging rows included
  }, 120_000);

  it('a CSV export of 100,000 rows is streamed and parses back completely', async () => {
    const res = await fetch(`${server.base}/v1/audit/disclosures?format=csv&order=oldest&cfr=164.512`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    const rows = parse<Record<string, string>>(await res.text(), { columns: true });
    expect(rows.filter((r) => r.disclosureId.startsWith('V-'))).toHaveLength(N);
    expect(rows.filter((r) => r.disclosureId.startsWith('X-'))).toHaveLength(BULK);
    expect(new Set(rows.map((r) => r.disclosureId)).size).toBe(rows.length);
    expect(rows.find((r) => r.disclosureId === 'V-0')).toMatchObject({ recordedBy: 'svc', channel: 'government' });
  }, 120_000);
});
