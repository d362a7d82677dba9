/**
 * Three instances of the service on one PostgreSQL: commands go through any of them; one holds each projection's
 * lease (a session advisory lock). When that instance is killed (SIGKILL), another takes the projections over and
 * the read models catch up; nothing acknowledged is lost or stored twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { disclosureBody } from '../support/load.js';
import { dropSchema, freshSchema, pgTestTarget } from '../support/postgres.js';
import { startServer, type RunningServer } from '../support/server.js';

const target = await pgTestTarget();
const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-failover-'));
const schema = freshSchema('failover');
const servers: RunningServer[] = [];

afterAll(async () => {
  for (const server of servers) await server.stop();
  if (target.url) await dropSchema(target.url, schema);
  rmSync(dir, { recursive: true, force: true });
});

/** The process id of the instance holding the accounting projection's lease (its lease connection says so). */
async function leaseHolder(url: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ application_name: string }>(
      `SELECT a.application_name FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid
        WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE 'phi-ledger projection accounting pid %'`,
    );
    return rows.length ? Number(rows[0].application_name.split(' ').at(-1)) : null;
  } finally {
    await client.end();
  }
}

describe('three instances on one PostgreSQL', () => {
  if (!target.url) {
    it.skip(target.skipReason!, () => undefined);
    return;
  }
  const url = target.url;

  it('the projection lease moves to a surviving instance when its holder is killed', async () => {
    const env = { LEDGER_DATA_DIR: dir, LEDGER_STORE: 'postgres', DATABASE_URL: url, LEDGER_PG_SCHEMA: schema };
    for (let i = 0; i < 3; i++) servers.push(await startServer(env));
    const token = await issueLocalToken(dir, { subject: 'failover', roles: ['recorder'] });
    const auditor = await issueLocalToken(dir, { subject: 'au', roles: ['auditor'] });
    const record = async (id: string, via: RunningServer) => {
      const res = await fetch(`${via.base}/v1/disclosures`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(disclosureBody(id, 'M-FAIL')),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { position: number }).position;
    };
    for (let i = 0; i < 60; i++) await record(`F-${i}`, servers[i % 3]);

    let holder: number | null = null;
    for (let tries = 0; holder === null && tries < 100; tries++) {
      holder = await leaseHolder(url);
      if (holder === null) await new Promise((r) => setTimeout(r, 100));
    }
    const victim = servers.find((s) => s.process.pid === holder);
    expect(victim).toBeDefined();
    victim!.process.kill('SIGKILL');
    const survivors = servers.filter((s) => s !== victim);

    let head = 0;
    for (let i = 60; i < 120; i++) head = await record(`F-${i}`, survivors[i % 2]);
    // a surviving instance takes the lease over and applies what the killed one had not
    const deadline = Date.now() + 30_000;
    let status = 0;
    let body: { entries?: { disclosureIds: string[] }[] } = {};
    while (Date.now() < deadline) {
      const res = await fetch(`${survivors[0].base}/v1/members/M-FAIL/accounting?minPosition=${head}&summarize=false`, {
        headers: { authorization: `Bearer ${auditor}` },
      });
      status = res.status;
      body = (await res.json()) as typeof body;
      if (status === 200) break;
    }
    expect(status).toBe(200);
    const listed = body.entries!.flatMap((e) => e.disclosureIds).sort();
    expect(listed).toHaveLength(120);
    expect(new Set(listed).size).toBe(120);
    const newHolder = await leaseHolder(url);
    expect(survivors.map((s) => s.process.pid)).toContain(newHolder);
  });
});
