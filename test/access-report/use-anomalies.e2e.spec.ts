/**
 * Snooping signals end to end on the embedded store and on PostgreSQL (docs/snooping.md; GET /v1/audit/use-anomalies):
 * privacy profiles and uses recorded through the API, findings computed by the uses projection, each rule with a case
 * that fires and one that must not, each finding with the uses behind it; only the office and auditors may ask.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import pg from 'pg';
import { surnameKey } from '../../src/events/match-key.js';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { callApi } from '../support/api.js';
import { dropSchema, freshSchema, storesUnderTest } from '../support/postgres.js';
import { startServer, type RunningServer } from '../support/server.js';

interface Finding {
  findingId: string;
  rule: string;
  memberId: string | null;
  actor: { id: string; name: string };
  day: string;
  members: number;
  description: string;
  uses: { useId: string; memberId: string }[];
}

// Wednesday 2026-03-04 in New York: 15:00Z is 10:00 (business hours), 02:00Z the next day is 21:00 (after hours)
const IN_HOURS = '2026-03-04T15:00:00Z';
const AFTER_HOURS = '2026-03-05T02:00:00Z';

let n = 0;
const use = (actorId: string, memberId: string, occurredAt = IN_HOURS, over: Record<string, unknown> = {}) => ({
  useId: `U-${++n}`,
  memberId,
  occurredAt,
  actor: { id: actorId, name: `Name of ${actorId}`, role: 'claims examiner' },
  action: 'view',
  phiDescription: 'Claim detail',
  context: { kind: 'claim', id: `CLM-${n}` },
  ...over,
});

const { pg: pgTarget, stores } = await storesUnderTest();
const pgUrl = () => pgTarget.url!;

describe.each(stores)('snooping signals on $name', ({ env }) => {
  const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-snooping-'));
  const schema = freshSchema('snooping');
  let server: RunningServer;
  const token: Record<string, string> = {};

  const findings = async (query: string) => {
    const res = await callApi(server.base, 'GET', `/v1/audit/use-anomalies?${query}`, token.auditor);
    expect(res.status).toBe(200);
    return (res.body as { findings: Finding[] }).findings;
  };
  const record = async (items: unknown[]) => {
    const res = await callApi(server.base, 'POST', '/v1/use-batches', token.recorder, { items });
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(items.map(() => 'created'));
  };
  const profile = async (memberId: string, body: Record<string, unknown>) => {
    const res = await callApi(server.base, 'POST', `/v1/members/${memberId}/privacy-profiles`, token.office, {
      profileId: `PP-${memberId}`,
      ...body,
    });
    expect(res.status).toBe(201);
  };

  beforeAll(async () => {
    server = await startServer({
      ...env,
      LEDGER_DATA_DIR: dir,
      LEDGER_PG_SCHEMA: schema,
      LEDGER_TIMEZONE: 'America/New_York',
      LEDGER_POLICY_BULK_READ_THRESHOLD: '3',
    });
    token.recorder = await issueLocalToken(dir, { subject: 'rec-1', roles: ['recorder'] });
    token.office = await issueLocalToken(dir, { subject: 'po-1', roles: ['privacy-officer'] });
    token.auditor = await issueLocalToken(dir, { subject: 'aud-1', roles: ['auditor'] });
    token.member = await issueLocalToken(dir, { subject: 'M-SMITH-2', roles: ['member'] });
    // the actor W-SMITH is member M-SMITH-1 (Smith, 1 Elm Street); W-JONES is M-JONES, a workforce member
    await profile('M-SMITH-1', { surname: 'Smith', address: '1 Elm Street', workforceActorId: 'W-SMITH' });
    await profile('M-SMITH-2', { surname: 'SMITH', address: '9 Oak Road' });
    await profile('M-HOUSE', { surname: 'Brown', address: '1 ELM ST' });
    await profile('M-STAR', { surname: 'Star', vip: true });
    await profile('M-JONES', { surname: 'Jones', address: '5 Pine Lane', workforceActorId: 'W-JONES' });
    await profile('M-PLAIN', { surname: 'Plain', address: '7 Birch Court' });
  });
  afterAll(async () => {
    await server.stop();
    if (env.LEDGER_STORE === 'postgres') await dropSchema(pgUrl(), schema);
    rmSync(dir, { recursive: true, force: true });
  });

  it('SAME_SURNAME and SAME_ADDRESS fire on a relative’s or housemate’s record, not on a stranger’s or the actor’s own', async () => {
    await record([
      use('W-SMITH', 'M-SMITH-2'),
      use('W-SMITH', 'M-HOUSE'),
      use('W-SMITH', 'M-PLAIN'),
      use('W-SMITH', 'M-SMITH-1'),
    ]);
    const found = await findings('actorId=W-SMITH');
    expect(found.map((f) => [f.rule, f.memberId]).sort()).toEqual([
      ['SAME_ADDRESS', 'M-HOUSE'],
      ['SAME_SURNAME', 'M-SMITH-2'],
    ]);
    const surname = found.find((f) => f.rule === 'SAME_SURNAME')!;
    expect(surname.description).toMatch(/shares their surname/);
    expect(surname.uses.map((u) => u.memberId)).toEqual(['M-SMITH-2']);
  });

  it('VIP_RECORD and WORKFORCE_RECORD fire on those records only', async () => {
    await record([
      use('W-OTHER', 'M-STAR'),
      use('W-OTHER', 'M-JONES'),
      use('W-JONES', 'M-JONES'),
      use('W-OTHER', 'M-PLAIN'),
    ]);
    expect((await findings('actorId=W-OTHER')).map((f) => [f.rule, f.memberId]).sort()).toEqual([
      ['VIP_RECORD', 'M-STAR'],
      ['WORKFORCE_RECORD', 'M-JONES'],
    ]);
    expect(await findings('actorId=W-JONES')).toEqual([]); // their own record
  });

  it('NO_CONTEXT fires on a use that names no claim, case or ticket', async () => {
    await record([use('W-CTX', 'M-PLAIN', IN_HOURS, { context: undefined }), use('W-CTX', 'M-PLAIN')]);
    const found = await findings('actorId=W-CTX');
    expect(found.map((f) => f.rule)).toEqual(['NO_CONTEXT']);
    expect(found[0].uses).toHaveLength(1);
  });

  it('AFTER_HOURS_BULK fires once per actor and day at the threshold of members, and keeps counting', async () => {
    // two members after hours and many in hours: not enough
    await record([
      use('W-NIGHT', 'M-A', AFTER_HOURS),
      use('W-NIGHT', 'M-B', AFTER_HOURS),
      use('W-NIGHT', 'M-B', AFTER_HOURS),
      ...['M-C', 'M-D', 'M-E'].map((m) => use('W-NIGHT', m, IN_HOURS)),
    ]);
    expect(await findings('rule=AFTER_HOURS_BULK&actorId=W-NIGHT')).toEqual([]);
    await record([use('W-NIGHT', 'M-C', AFTER_HOURS)]);
    let found = await findings('rule=AFTER_HOURS_BULK&actorId=W-NIGHT');
    expect(found.map((f) => [f.day, f.members, f.memberId])).toEqual([['2026-03-04', 3, null]]);
    expect(found[0].uses.map((u) => u.memberId)).toEqual(['M-A', 'M-B', 'M-B', 'M-C']);
    await record([use('W-NIGHT', 'M-D', AFTER_HOURS)]);
    found = await findings('rule=AFTER_HOURS_BULK&actorId=W-NIGHT');
    expect(found.map((f) => f.members)).toEqual([4]);
  });

  it('filters by rule, member and day; pages by cursor; only the office and auditors may ask', async () => {
    expect((await findings('memberId=M-STAR')).map((f) => f.rule)).toEqual(['VIP_RECORD']);
    expect(await findings('from=2026-03-05')).toEqual([]);
    const first = await callApi(server.base, 'GET', '/v1/audit/use-anomalies?limit=2', token.auditor);
    expect(first.body.findings).toHaveLength(2);
    const rest = await callApi(
      server.base,
      'GET',
      `/v1/audit/use-anomalies?cursor=${first.body.nextCursor}`,
      token.auditor,
    );
    const all = await findings('');
    expect([...first.body.findings, ...rest.body.findings].map((f: Finding) => f.findingId)).toEqual(
      all.map((f) => f.findingId),
    );
    for (const bearer of [token.member, token.recorder])
      expect((await callApi(server.base, 'GET', '/v1/audit/use-anomalies', bearer)).status).toBe(403);
    const bad = await callApi(server.base, 'GET', '/v1/audit/use-anomalies?rule=PEEKING', token.auditor);
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('a privacy profile is recorded once per id, and keeps no surname or address text', async () => {
    const body = { profileId: 'PP-ONCE', surname: 'Unique-Surname', address: '100 Secret Way' };
    expect((await callApi(server.base, 'POST', '/v1/members/M-ONCE/privacy-profiles', token.office, body)).status).toBe(
      201,
    );
    expect(
      (await callApi(server.base, 'POST', '/v1/members/M-ONCE/privacy-profiles', token.recorder, body)).status,
    ).toBe(200);
    const changed = await callApi(server.base, 'POST', '/v1/members/M-ONCE/privacy-profiles', token.office, {
      ...body,
      vip: true,
    });
    expect(changed.status).toBe(409);
    const member = await callApi(server.base, 'POST', '/v1/members/M-ONCE/privacy-profiles', token.member, body);
    expect(member.status).toBe(403);
    // the stored event holds the surname's match key, and neither text
    const stored = await storedEventsContaining('M-ONCE');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toContain(surnameKey('Unique-Surname')!);
    expect(stored[0]).not.toMatch(/Unique|Secret/i);
  });

  /** The data of stored events whose stream names `text`, read from the store itself. */
  async function storedEventsContaining(text: string): Promise<string[]> {
    const sql = 'SELECT data FROM %events WHERE stream LIKE $1';
    if (env.LEDGER_STORE === 'sqlite') {
      const db = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
      try {
        return db
          .prepare<[string], { data: string }>(sql.replace('%', '').replace('$1', '?'))
          .all(`%${text}%`)
          .map((r) => r.data);
      } finally {
        db.close();
      }
    }
    const client = new pg.Client({ connectionString: pgUrl() });
    await client.connect();
    try {
      return (await client.query<{ data: string }>(sql.replace('%', `${schema}.`), [`%${text}%`])).rows.map(
        (r) => r.data,
      );
    } finally {
      await client.end();
    }
  }
});
