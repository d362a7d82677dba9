/**
 * The access log (45 CFR 164.312(b)), end to end on the embedded store and on PostgreSQL: every read of a member's
 * records made by this suite is in GET /v1/audit/access-log (counted), with who, which route and format, and how
 * many rows; a refused read is not a read; the log survives a restart; with LEDGER_ACCESS_LOG=off nothing is kept.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { callApi } from '../support/api.js';
import { dropSchema, freshSchema, storesUnderTest } from '../support/postgres.js';
import { startServer, type RunningServer } from '../support/server.js';
import { recordReportMember, REPORT_DISCLOSURES, REPORT_MEMBER } from '../reports/report-fixture.js';

interface Read {
  memberId: string;
  reader: { subject: string; clientId: string | null; roles: string[] };
  route: string;
  format: string | null;
  resultCount: number;
}

const { pg, stores } = await storesUnderTest();

describe.each(stores)('the access log on $name', ({ env }) => {
  const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-access-'));
  const schema = freshSchema('access_log');
  const serverEnv = { ...env, LEDGER_DATA_DIR: dir, LEDGER_PG_SCHEMA: schema };
  let server: RunningServer;
  const token: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServer(serverEnv);
    token.member = await issueLocalToken(dir, { subject: REPORT_MEMBER, roles: ['member'] });
    token.office = await issueLocalToken(dir, { subject: 'po-1', roles: ['privacy-officer'], clientId: 'office-app' });
    token.auditor = await issueLocalToken(dir, { subject: 'auditor-1', roles: ['auditor'] });
    token.other = await issueLocalToken(dir, { subject: 'M-OTHER', roles: ['member'] });
    await recordReportMember(server.base, await issueLocalToken(dir, { subject: 'rec-1', roles: ['recorder'] }));
  });
  afterAll(async () => {
    await server.stop();
    if (env.LEDGER_STORE === 'postgres') await dropSchema(pg.url!, schema);
    rmSync(dir, { recursive: true, force: true });
  });

  const log = async (query: string) => {
    const res = await callApi(server.base, 'GET', `/v1/audit/access-log?${query}`, token.auditor);
    expect(res.status).toBe(200);
    return res.body as { reads: Read[]; nextCursor: string | null };
  };

  it('holds every read of the member’s records this suite made, newest first, with who, what and how many', async () => {
    const reads: Array<[string, string]> = [
      [`/v1/members/${REPORT_MEMBER}/accounting`, token.member],
      [`/v1/members/${REPORT_MEMBER}/accounting?format=pdf`, token.member],
      [`/v1/members/${REPORT_MEMBER}/accounting?format=csv`, token.office],
      [`/v1/members/${REPORT_MEMBER}/facts`, token.office],
      [`/v1/audit/disclosures?memberId=${REPORT_MEMBER}`, token.auditor],
      [`/v1/members/${REPORT_MEMBER}/accounting-requests`, token.member],
    ];
    for (const [path, bearer] of reads) expect((await callApi(server.base, 'GET', path, bearer)).status).toBe(200);
    // refused: not a read of the member's records
    expect((await callApi(server.base, 'GET', `/v1/members/${REPORT_MEMBER}/accounting`, token.other)).status).toBe(
      403,
    );

    const { reads: logged } = await log(`memberId=${REPORT_MEMBER}`);
    expect(logged).toHaveLength(reads.length);
    expect(logged.map((r) => [r.route, r.format, r.reader.subject, r.resultCount]).reverse()).toEqual([
      ['/v1/members/:memberId/accounting', 'json', REPORT_MEMBER, 5],
      ['/v1/members/:memberId/accounting', 'pdf', REPORT_MEMBER, 5],
      ['/v1/members/:memberId/accounting', 'csv', 'po-1', 5],
      ['/v1/members/:memberId/facts', null, 'po-1', 1],
      ['/v1/audit/disclosures', null, 'auditor-1', REPORT_DISCLOSURES.length],
      ['/v1/members/:memberId/accounting-requests', null, REPORT_MEMBER, 0],
    ]);
    expect(logged[3].reader).toEqual({ subject: 'po-1', clientId: 'office-app', roles: ['privacy-officer'] });
    expect(JSON.stringify(logged)).not.toContain('State Cancer Registry'); // what was read is not copied
  });

  it('finds a reader by token subject or client id, and by time', async () => {
    expect((await log(`subject=${REPORT_MEMBER}`)).reads).toHaveLength(3);
    expect((await log('subject=office-app')).reads).toHaveLength(2);
    const later = new Date(Date.now() + 60_000).toISOString();
    expect((await log(`from=${later}`)).reads).toEqual([]);
  });

  it('pages newest first with a keyset cursor, each read once', async () => {
    const first = await log(`memberId=${REPORT_MEMBER}&limit=4`);
    const rest = await log(`memberId=${REPORT_MEMBER}&limit=4&cursor=${first.nextCursor}`);
    expect(first.reads).toHaveLength(4);
    expect(rest.reads).toHaveLength(2);
    expect(rest.nextCursor).toBeNull();
  });

  it('is refused to a member and a recorder (403), and bad filters are 400', async () => {
    expect((await callApi(server.base, 'GET', '/v1/audit/access-log', token.member)).status).toBe(403);
    const bad = await callApi(server.base, 'GET', '/v1/audit/access-log?from=yesterday', token.auditor);
    expect(bad.status).toBe(400);
  });

  it('survives a restart: every read answered before the stop is there after it', async () => {
    await callApi(server.base, 'GET', `/v1/members/${REPORT_MEMBER}/accounting`, token.member);
    await server.stop(); // SIGTERM: the queue is appended before the store closes
    server = await startServer(serverEnv);
    expect((await log(`memberId=${REPORT_MEMBER}`)).reads).toHaveLength(7);
  });
});

describe('LEDGER_ACCESS_LOG=off (to measure what recording costs)', () => {
  it('keeps no read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-access-off-'));
    const server = await startServer({
      LEDGER_DATA_DIR: dir,
      LEDGER_STORE: 'sqlite',
      DATABASE_URL: '',
      LEDGER_ACCESS_LOG: 'off',
    });
    try {
      const member = await issueLocalToken(dir, { subject: 'M-1', roles: ['member'] });
      const auditor = await issueLocalToken(dir, { subject: 'a-1', roles: ['auditor'] });
      expect((await callApi(server.base, 'GET', '/v1/members/M-1/accounting', member)).status).toBe(200);
      expect((await callApi(server.base, 'GET', '/v1/audit/access-log', auditor)).body).toEqual({
        reads: [],
        nextCursor: null,
      });
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
