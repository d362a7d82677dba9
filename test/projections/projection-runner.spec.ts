/**
 * The projection runner applies each event exactly once: a runner killed mid-batch (SIGKILL, a real crash)
 * and restarted leaves the read model equal to a from-scratch rebuild, on SQLite and on PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { streamCatalogueProjection } from '../../src/ops/stream-catalogue.projection.js';
import type { Projection } from '../../src/projections/projection.js';
import { indexName, ProjectionGroup, ProjectionRunner } from '../../src/projections/projection-runner.js';
import { buildProjections } from '../../src/app/projections.js';
import { loadConfig } from '../../src/config/config.js';
import { insertMany } from '../../src/projections/sql.js';
import { PostgresReadModelDb } from '../../src/projections/postgres-read-model-db.js';
import type { ReadModelDb } from '../../src/projections/read-model-db.js';
import { SqliteReadModelDb } from '../../src/projections/sqlite-read-model-db.js';
import { dropSchema, freshSchema, pgTestTarget } from '../support/postgres.js';

const EVENTS = 20_000;

interface Engine {
  store: EventStore;
  /** the read model the CLI child process uses */
  readModels: ReadModelDb;
  /** a second, empty read-model database for the from-scratch rebuild */
  freshReadModels(): Promise<ReadModelDb>;
  childEnv: Record<string, string>;
  cleanup(): Promise<void>;
}

async function seed(store: EventStore): Promise<void> {
  for (let i = 0; i < EVENTS; i += 500) {
    await Promise.all(
      Array.from({ length: 500 }, (_, j) =>
        store.append(
          `member-M${(i + j) % 997}`,
          [
            {
              eventId: `seed-${i + j}`,
              type: (i + j) % 3 === 0 ? 'DisclosureCorrected' : 'PhiDisclosed',
              data: { n: i + j },
              recordedBy: { subject: 'seed' },
              correlationId: 'seed',
            },
          ],
          'any',
        ),
      ),
    );
  }
}

async function dump(db: ReadModelDb) {
  const streams = await db.all(
    'SELECT stream, category, events, first_position, last_position, last_type FROM ledger_streams ORDER BY stream',
  );
  const types = await db.all('SELECT type, events FROM ledger_event_types ORDER BY type');
  return JSON.stringify({ streams, types }, (_, v) =>
    typeof v === 'bigint' ? Number(v) : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v,
  );
}

/** A read model of the positions it was given (a position twice would break its primary key). */
function positionsProjection(name: string, fail = false): Projection {
  const table = `test_${name.replace(/-/g, '_')}_positions`;
  return {
    name,
    schema: [`CREATE TABLE IF NOT EXISTS ${table} (position BIGINT PRIMARY KEY)`],
    tables: [table],
    async apply(tx, events) {
      if (fail) throw new Error(`${name} cannot apply`);
      await insertMany(
        tx,
        table,
        ['position'],
        events.map((e) => [e.position]),
      );
    },
  };
}

async function positionsIn(db: ReadModelDb, name: string): Promise<{ n: number; first: number; last: number }> {
  const [row] = await db.all<{ n: string | number; first: string | number; last: string | number }>(
    `SELECT count(*) AS n, min(position) AS first, max(position) AS last FROM test_${name.replace(/-/g, '_')}_positions`,
  );
  return { n: Number(row.n), first: Number(row.first), last: Number(row.last) };
}

/** The store, counting its readAll calls. */
function countingReads(store: EventStore): { store: EventStore; reads: () => number } {
  let reads = 0;
  const counted = Object.create(store) as EventStore;
  counted.readAll = (after, limit) => {
    reads++;
    return store.readAll(after, limit);
  };
  return { store: counted, reads: () => reads };
}

/** Starts the CLI catch-up in a child process and SIGKILLs it once it has committed at least one batch. */
async function killMidCatchUp(engine: Engine): Promise<bigint> {
  const runner = new ProjectionRunner(engine.store, engine.readModels, streamCatalogueProjection);
  await runner.ensureSchema();
  const child = spawn(process.execPath, ['dist/cli/main.js', 'projections', 'catch-up', 'stream-catalogue'], {
    env: { ...process.env, ...engine.childEnv, LEDGER_PROJECTION_BATCH: '100' },
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while ((await runner.checkpoint()) === 0n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  await new Promise((r) => setTimeout(r, 20 + Math.random() * 40));
  child.kill('SIGKILL');
  await exited;
  return runner.checkpoint();
}

function describeCrashRecovery(name: string, open: () => Promise<Engine>) {
  describe(`projection runner on ${name}`, () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await open();
      await seed(engine.store);
    });
    afterAll(() => engine.cleanup());

    it('killed mid-batch and restarted, the read model equals a from-scratch rebuild', async () => {
      const atKill = await killMidCatchUp(engine);
      expect(atKill).toBeGreaterThan(0n);
      expect(atKill).toBeLessThan(BigInt(EVENTS));
      expect(atKill % 100n).toBe(0n); // only whole batches were committed

      const restarted = new ProjectionRunner(engine.store, engine.readModels, streamCatalogueProjection, 333);
      expect(await restarted.catchUp()).toBe(BigInt(EVENTS));

      const fresh = await engine.freshReadModels();
      const rebuilt = new ProjectionRunner(engine.store, fresh, streamCatalogueProjection, 1000);
      let lastProgress = 0n;
      expect(await rebuilt.rebuild((done) => void (lastProgress = done))).toBe(BigInt(EVENTS));
      expect(lastProgress).toBe(BigInt(EVENTS));
      expect(await dump(engine.readModels)).toEqual(await dump(fresh));
      await fresh.close();
    });

    it('a batch that fails half-way leaves neither its rows nor its checkpoint', async () => {
      let calls = 0;
      const failing: Projection = {
        ...streamCatalogueProjection,
        name: 'failing-catalogue',
        async apply(tx, events) {
          await streamCatalogueProjection.apply(tx, events.slice(0, 5));
          if (++calls === 2) throw new Error('disk on fire');
          await streamCatalogueProjection.apply(tx, events.slice(5));
        },
      };
      const fresh = await engine.freshReadModels();
      const runner = new ProjectionRunner(engine.store, fresh, failing, 50);
      await runner.ensureSchema();
      expect(await runner.runBatch()).toBe(50);
      const before = await dump(fresh);
      await expect(runner.runBatch()).rejects.toThrow('disk on fire');
      expect(await runner.checkpoint()).toBe(50n);
      expect(await dump(fresh)).toEqual(before);
      expect(await runner.runBatch()).toBe(50);
      expect(await runner.checkpoint()).toBe(100n);
      await fresh.close();
    });

    it('a read model built by another version of its projection is dropped on start and rebuilt from the log', async () => {
      const fresh = await engine.freshReadModels();
      // version 1 (no version given): applied up to 300, with a table the next version retires
      const v1: Projection = {
        ...streamCatalogueProjection,
        schema: [...streamCatalogueProjection.schema, 'CREATE TABLE IF NOT EXISTS old_extra (x INTEGER)'],
      };
      const first = new ProjectionRunner(engine.store, fresh, v1, 300);
      expect(await first.ensureSchema()).toBeNull();
      expect(await first.runBatch()).toBe(300);
      expect(await first.ensureSchema()).toBeNull(); // same version: kept
      expect(await first.checkpoint()).toBe(300n);
      // version 2 with another column: the old table could not take its rows, so it is replaced
      const v2: Projection = {
        ...streamCatalogueProjection,
        version: 2,
        retiredTables: ['old_extra'],
        schema: streamCatalogueProjection.schema.map((ddl) =>
          ddl.replace('last_type TEXT NOT NULL', 'last_type TEXT NOT NULL, v2 INTEGER'),
        ),
      };
      expect(v2.schema.join()).toContain('v2 INTEGER');
      const second = new ProjectionRunner(engine.store, fresh, v2, 1000);
      expect(await second.ensureSchema()).toBe(1);
      expect(await second.checkpoint()).toBe(0n);
      // (the error's message, not toThrow: under Jest, better-sqlite3's SqliteError comes from the realm of the
      // first test file that loaded it, so in a full run it is not an `Error` of this file's realm)
      const dropped = await fresh.all('SELECT x FROM old_extra').then(
        () => null,
        (error: unknown) => String(error),
      );
      expect(dropped).toMatch(/no such table|does not exist/);
      expect(await fresh.all('SELECT v2 FROM ledger_streams')).toEqual([]);
      expect(await second.catchUp()).toBe(BigInt(EVENTS));
      expect(await second.ensureSchema()).toBeNull(); // and kept from then on
      const reference = await engine.freshReadModels();
      await new ProjectionRunner(engine.store, reference, streamCatalogueProjection, 1000).rebuild();
      expect(await dump(fresh)).toEqual(await dump(reference));
      await fresh.close();
      await reference.close();
    });

    it('a rebuild drops the query indexes while it replays the log and builds each once after; a start builds any missing', async () => {
      const fresh = await engine.freshReadModels();
      const indexed: Projection = {
        ...positionsProjection('indexed'),
        queryIndexes: ['CREATE INDEX IF NOT EXISTS test_indexed_by_position ON test_indexed_positions (position DESC)'],
      };
      const present = async () =>
        (
          await fresh.all(
            fresh.kind === 'sqlite'
              ? "SELECT name FROM sqlite_master WHERE type = 'index' AND name = $1"
              : 'SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname = $1',
            ['test_indexed_by_position'],
          )
        ).length === 1;
      const runner = new ProjectionRunner(engine.store, fresh, indexed, 5000);
      await runner.ensureSchema();
      expect(await present()).toBe(true);
      // a rebuild cut short after its replay (the CLI killed before it built the indexes)
      await runner.empty();
      expect(await present()).toBe(false);
      expect(await runner.catchUp()).toBe(BigInt(EVENTS));
      expect(await present()).toBe(false);
      await runner.ensureSchema(); // the next start
      expect(await present()).toBe(true);
      // a whole rebuild
      expect(await runner.rebuild()).toBe(BigInt(EVENTS));
      expect(await present()).toBe(true);
      expect(await positionsIn(fresh, 'indexed')).toEqual({ n: EVENTS, first: 1, last: EVENTS });
      await fresh.close();
    });

    it('a group reads each page of the log once for all its projections, each from its own checkpoint', async () => {
      const fresh = await engine.freshReadModels();
      const [ahead, behind] = [positionsProjection('ahead'), positionsProjection('behind')];
      const { store, reads } = countingReads(engine.store);
      const runners = [new ProjectionRunner(store, fresh, ahead, 300), new ProjectionRunner(store, fresh, behind, 300)];
      for (const r of runners) await r.ensureSchema();
      expect(await runners[0].runBatch()).toBe(300); // `ahead` alone, up to 300
      const group = new ProjectionGroup(store, fresh, runners, 1000);
      const before = reads();
      expect(await group.runBatch()).toBe(1000); // one page, from the lowest checkpoint (0)
      expect(reads() - before).toBe(1);
      expect(await runners[0].checkpoint()).toBe(1000n);
      expect(await runners[1].checkpoint()).toBe(1000n);
      while ((await group.runBatch()) > 0);
      // each projection got every event exactly once (a repeated position would have failed its primary key)
      for (const name of ['ahead', 'behind'])
        expect(await positionsIn(fresh, name)).toEqual({ n: EVENTS, first: 1, last: EVENTS });
      await fresh.close();
    });

    it('in a group, a projection that fails does not hold the others back, and its failure is reported for it', async () => {
      const fresh = await engine.freshReadModels();
      const runners = [
        new ProjectionRunner(engine.store, fresh, positionsProjection('healthy'), 500),
        new ProjectionRunner(engine.store, fresh, positionsProjection('broken', true), 500),
      ];
      for (const r of runners) await r.ensureSchema();
      const group = new ProjectionGroup(engine.store, fresh, runners, 500);
      const failures: string[] = [];
      expect(
        await group.runBatch((error, projection) => failures.push(`${projection}: ${(error as Error).message}`)),
      ).toBe(500);
      expect(failures).toEqual(['broken: broken cannot apply']);
      expect(await runners[0].checkpoint()).toBe(500n);
      expect(await runners[1].checkpoint()).toBe(0n);
      expect(await positionsIn(fresh, 'healthy')).toEqual({ n: 500, first: 1, last: 500 });
      await fresh.close();
    });

    it('a projection that keeps failing is set aside: the others apply each page once, and it is retried on its own', async () => {
      const fresh = await engine.freshReadModels();
      let healthyApplies = 0;
      let broken = true;
      const healthy = positionsProjection('steady');
      const counted: Projection = {
        ...healthy,
        async apply(tx, events) {
          healthyApplies++;
          await healthy.apply(tx, events);
        },
      };
      const flaky = positionsProjection('flaky');
      const failing: Projection = {
        ...flaky,
        async apply(tx, events) {
          if (broken) throw new Error('flaky cannot apply');
          await flaky.apply(tx, events);
        },
      };
      const runners = [
        new ProjectionRunner(engine.store, fresh, counted, 500),
        new ProjectionRunner(engine.store, fresh, failing, 500),
      ];
      for (const r of runners) await r.ensureSchema();
      const group = new ProjectionGroup(engine.store, fresh, runners, 500);
      const failures: string[] = [];
      const onError = (error: unknown, projection: string) =>
        void failures.push(`${projection}: ${(error as Error).message}`);
      await group.runBatch(onError, 60_000); // the group's page fails, then each alone: flaky is set aside
      expect(failures).toEqual(['flaky: flaky cannot apply']);
      const before = healthyApplies;
      expect(await group.runBatch(onError, 60_000)).toBe(500); // the next page: steady alone, applied once; flaky not yet retried
      expect(healthyApplies - before).toBe(1);
      expect(failures).toHaveLength(1);
      await group.runBatch(onError, 0); // flaky due: retried on its own, fails again, reported again
      expect(failures).toEqual(['flaky: flaky cannot apply', 'flaky: flaky cannot apply']);
      broken = false;
      await group.runBatch(onError, 0); // recovered: applies a page of its own and rejoins the group
      while ((await group.runBatch(onError, 0)) > 0);
      for (const name of ['steady', 'flaky'])
        expect(await positionsIn(fresh, name)).toEqual({ n: EVENTS, first: 1, last: EVENTS });
      expect(failures).toHaveLength(2);
      await fresh.close();
    });

    it('a second runner of the same projection stands by while the first holds the lease', async () => {
      const first = await engine.readModels.tryLease('stream-catalogue');
      expect(first).not.toBeNull();
      expect(await engine.readModels.tryLease('stream-catalogue')).toBeNull();
      await first!.release();
      const again = await engine.readModels.tryLease('stream-catalogue');
      expect(again).not.toBeNull();
      await again!.release();
    });
  });
}

describeCrashRecovery('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-runner-'));
  const store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
  const readModels = new SqliteReadModelDb(join(dir, 'read-models.sqlite'));
  let n = 0;
  return {
    store,
    readModels,
    freshReadModels: async () => new SqliteReadModelDb(join(dir, `fresh-${++n}.sqlite`)),
    childEnv: { LEDGER_DATA_DIR: dir, LEDGER_STORE: 'sqlite', DATABASE_URL: '' },
    cleanup: async () => {
      await readModels.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

const pg = await pgTestTarget();
if (pg.url) {
  const url = pg.url;
  describeCrashRecovery('PostgreSQL', async () => {
    const schema = freshSchema('runner');
    const store = await PostgresEventStore.open({ connectionString: url, schema });
    const readModels = await new PostgresReadModelDb(url, schema).init();
    const freshSchemas: string[] = [];
    return {
      store,
      readModels,
      freshReadModels: async () => {
        freshSchemas.push(freshSchema('rebuild'));
        return new PostgresReadModelDb(url, freshSchemas[freshSchemas.length - 1]).init();
      },
      childEnv: { LEDGER_STORE: 'postgres', DATABASE_URL: url, LEDGER_PG_SCHEMA: schema },
      cleanup: async () => {
        await readModels.close();
        await store.close();
        for (const s of [schema, ...freshSchemas]) await dropSchema(url, s);
      },
    };
  });
} else {
  describe('projection runner on PostgreSQL', () => {
    it.skip(pg.skipReason!, () => undefined);
  });
}

describe('query indexes (Projection.queryIndexes)', () => {
  it('are named from their DDL; a statement other than CREATE INDEX IF NOT EXISTS is refused', () => {
    expect(indexName('CREATE INDEX IF NOT EXISTS a_b ON t (c)')).toBe('a_b');
    expect(() => indexName('CREATE UNIQUE INDEX a ON t (c)')).toThrow(/not a CREATE INDEX IF NOT EXISTS/);
  });

  it("every projection's query indexes are named, and none is also in its schema", () => {
    for (const projection of buildProjections(loadConfig({}))) {
      const names = (projection.queryIndexes ?? []).map(indexName);
      for (const name of names) expect(projection.schema.join('\n')).not.toContain(` ${name} `);
    }
  });
});
