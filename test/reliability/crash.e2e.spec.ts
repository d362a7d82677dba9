/**
 * Crashes: the service is killed (SIGKILL) again and again while writers post disclosures, on SQLite and PostgreSQL.
 * Afterwards every acknowledged disclosure is stored exactly once, retrying every unanswered one stores it at most
 * once more (idempotent ids), the read models equal a rebuild from the log, and the integrity audit is clean.
 * PHI_LEDGER_CRASH_CYCLES sets the cycles (20 in `npm test`; `npm run test:crash` runs 100).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { PostgresReadModelDb } from '../../src/projections/postgres-read-model-db.js';
import type { ReadModelDb } from '../../src/projections/read-model-db.js';
import { SqliteReadModelDb } from '../../src/projections/sqlite-read-model-db.js';
import { startWriters } from '../support/load.js';
import { dropSchema, freshSchema, pgTestTarget } from '../support/postgres.js';
import { startServer } from '../support/server.js';

const CYCLES = Number(process.env.PHI_LEDGER_CRASH_CYCLES ?? 20);
const pg = await pgTestTarget();

interface Engine {
  name: string;
  env: Record<string, string>;
  store(): Promise<EventStore>;
  readModels(): Promise<ReadModelDb>;
  cleanup(): Promise<void>;
}

function sqliteEngine(): Engine {
  const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-crash-'));
  return {
    name: 'sqlite',
    env: { LEDGER_DATA_DIR: dir, LEDGER_STORE: 'sqlite', DATABASE_URL: '' },
    store: async () => new SqliteEventStore(join(dir, 'ledger.sqlite')),
    readModels: async () => new SqliteReadModelDb(join(dir, 'read-models.sqlite')),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresEngine(url: string): Engine {
  const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-crash-pg-'));
  const schema = freshSchema('crash');
  return {
    name: 'postgres',
    env: { LEDGER_DATA_DIR: dir, LEDGER_STORE: 'postgres', DATABASE_URL: url, LEDGER_PG_SCHEMA: schema },
    store: () => PostgresEventStore.open({ connectionString: url, schema }),
    readModels: () => new PostgresReadModelDb(url, schema).init(),
    cleanup: async () => {
      await dropSchema(url, schema);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** How many PhiDisclosed events the log holds for each disclosure id. */
async function storedCounts(store: EventStore): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let after = 0n; ;) {
    const page = await store.readAll(after, 5000);
    if (page.length === 0) return counts;
    for (const e of page) {
      if (e.type === 'PhiDisclosed') {
        const id = (e.data as { disclosureId: string }).disclosureId;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
    after = page[page.length - 1].position;
  }
}

/** The accounting read model and the Merkle tree, as rows in a fixed order. */
async function readModelSnapshot(db: ReadModelDb): Promise<string> {
  const tables = [
    'SELECT disclosure_id, member_id, position, first_date, cfr, permitted, accountable, voided, latest_position, data FROM acc_disclosures ORDER BY disclosure_id',
    'SELECT member_id, position, disclosure_id, data FROM acc_disclosure_revisions ORDER BY member_id, position',
    'SELECT idx, leaves, hashes FROM merkle_tiles ORDER BY idx',
    'SELECT level, idx, hash FROM merkle_nodes ORDER BY level, idx',
  ];
  const rows = await Promise.all(tables.map((sql) => db.all(sql)));
  return JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

const cli = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, ['dist/cli/main.js', ...args], {
    env: { ...process.env, ...env, LEDGER_LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });

const engines: [string, () => Engine][] = [['sqlite', sqliteEngine]];
if (pg.url) engines.push(['postgres', () => postgresEngine(pg.url!)]);
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe.each(engines)('kill -9 under load (%s)', (_name, make) => {
  it(`${CYCLES} crashes: every acknowledged write stored once; read models equal a rebuild; the audit is clean`, async () => {
    const engine = make();
    cleanups.push(() => engine.cleanup());
    const sent = new Map<string, Record<string, unknown>>();
    const acknowledged = new Set<string>();
    const unexpected: string[] = [];
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const server = await startServer(engine.env);
      const token = await issueLocalToken(engine.env.LEDGER_DATA_DIR, { subject: 'crash', roles: ['recorder'] });
      const writers = startWriters(server.base, token, 8, `C${cycle}`);
      await new Promise((r) => setTimeout(r, 150 + ((cycle * 97) % 400)));
      // on a busy machine the first writes can take most of that window: kill under load, never before the load is
      // there (at least 10 acknowledged in this cycle; the writers keep going until the kill)
      for (let waited = 0; writers.report.acknowledged.size < 10 && waited < 10_000; waited += 20)
        await new Promise((r) => setTimeout(r, 20));
      server.process.kill('SIGKILL');
      const report = await writers.stop();
      for (const [id, body] of report.sent) sent.set(id, body);
      for (const id of report.acknowledged) acknowledged.add(id);
      unexpected.push(...report.unexpected);
      const gone = server.process.exitCode !== null || server.process.signalCode !== null;
      if (!gone) await new Promise<void>((resolve) => server.process.once('exit', () => resolve()));
    }
    expect(unexpected).toEqual([]);
    expect(acknowledged.size).toBeGreaterThan(CYCLES * 5);

    const server = await startServer(engine.env);
    const token = await issueLocalToken(engine.env.LEDGER_DATA_DIR, { subject: 'crash', roles: ['recorder'] });
    const store = await engine.store();
    try {
      const before = await storedCounts(store);
      for (const id of acknowledged) expect([id, before.get(id)]).toEqual([id, 1]);
      for (const [id, count] of before) expect([id, count]).toEqual([id, 1]);
      // retry everything that was sent: the acknowledged replay (200), the rest are stored now or replay
      for (const [id, body] of sent) {
        const res = await fetch(`${server.base}/v1/disclosures`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect([id, res.status]).toEqual([id, acknowledged.has(id) || before.has(id) ? 200 : 201]);
      }
      const after = await storedCounts(store);
      expect(after.size).toBe(sent.size);
      expect([...after.values()].every((c) => c === 1)).toBe(true);
      const head = await store.head();
      expect(
        (
          await fetch(`${server.base}/v1/members/M-R1/accounting?minPosition=${head}`, {
            headers: {
              authorization: `Bearer ${await issueLocalToken(engine.env.LEDGER_DATA_DIR, { subject: 'au', roles: ['auditor'] })}`,
            },
          })
        ).status,
      ).toBe(200);
    } finally {
      await server.stop();
      await store.close();
    }

    // the last accounting read above is itself recorded (the access log), appended as the service stopped, after its
    // projections had: apply what the log holds beyond them first, as the next start would
    const caughtUp = cli(engine.env, 'projections', 'catch-up');
    expect([caughtUp.status, caughtUp.stderr.slice(-500)]).toEqual([0, expect.any(String)]);
    const readModels = await engine.readModels();
    const applied = await readModelSnapshot(readModels);
    await readModels.close();
    for (const projection of ['accounting', 'merkle-log']) {
      const rebuilt = cli(engine.env, 'projections', 'rebuild', projection);
      expect([projection, rebuilt.status, rebuilt.stderr.slice(-500)]).toEqual([projection, 0, expect.any(String)]);
    }
    const fresh = await engine.readModels();
    expect(await readModelSnapshot(fresh)).toBe(applied);
    await fresh.close();
    // every read model at once, the log read once for all of them: the same read models again, whether a transaction
    // holds the whole log (the rebuild's default page) or three events (many commits)
    for (const page of [[], ['--batch', '3']]) {
      const all = cli(engine.env, 'projections', 'rebuild', '--all', ...page);
      expect([page, all.status, all.stdout]).toEqual([
        page,
        0,
        expect.stringMatching(/^all read models rebuilt up to position \d+/),
      ]);
      const again = await engine.readModels();
      expect(await readModelSnapshot(again)).toBe(applied);
      await again.close();
    }
    const refused = cli(engine.env, 'projections', 'rebuild', '--all', '--batch', '0');
    expect([refused.status, refused.stderr]).toEqual([
      1,
      expect.stringContaining('--batch must be a whole number from 1 to 1000000'),
    ]);
    const neither = cli(engine.env, 'projections', 'rebuild');
    expect([neither.status, neither.stderr]).toEqual([
      1,
      expect.stringContaining('name one projection, or pass --all'),
    ]);
    const audit = cli(engine.env, 'integrity', 'audit');
    expect([audit.status, audit.stdout]).toEqual([0, expect.stringContaining('"verified": true')]);
  });
});
