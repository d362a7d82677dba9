/**
 * Tampering with the stored log, by someone with write access to the database, is detected by the audit
 * and located: an edited byte, a deleted, inserted or swapped event, a truncated tail. 100 random tamperings
 * per engine (SQLite and PostgreSQL), each on a restored pristine log, and no false alarm on an untouched one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { formatVerifierKey, generateNoteSigner } from '../../src/integrity/checkpoints/note-keys.js';
import { auditLedger } from '../../src/integrity/log/ledger-audit.js';
import { createMerkleLogProjection } from '../../src/integrity/log/merkle-log.projection.js';
import { ProjectionRunner } from '../../src/projections/projection-runner.js';
import { PostgresReadModelDb } from '../../src/projections/postgres-read-model-db.js';
import type { ReadModelDb } from '../../src/projections/read-model-db.js';
import { SqliteReadModelDb } from '../../src/projections/sqlite-read-model-db.js';
import { dropSchema, freshSchema, pgTestTarget } from '../support/postgres.js';

const EVENTS = 60;
const CASES = 100;
const COLUMNS = [
  'position',
  'stream',
  'revision',
  'event_id',
  'type',
  'version',
  'recorded_at',
  'recorded_by',
  'correlation_id',
  'data',
];

/** Raw SQL on the events table, as an attacker with database access would have. */
interface RawAccess {
  exec(sql: string, params?: unknown[]): Promise<void>;
  rows(): Promise<Record<string, unknown>[]>;
  table: string;
  close(): Promise<void>;
}

interface Engine {
  store: EventStore;
  readModels: ReadModelDb;
  raw: RawAccess;
  cleanup(): Promise<void>;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

type Tampering = {
  kind: string;
  expected: number;
  apply(raw: RawAccess, rows: Record<string, unknown>[]): Promise<void>;
};

function pickTampering(next: (n: number) => number): Tampering {
  const kind = ['edit', 'delete', 'insert', 'swap', 'truncate'][next(5)];
  const k = 1 + next(EVENTS);
  switch (kind) {
    case 'edit': {
      const column = ['data', 'recorded_at', 'correlation_id', 'type'][next(4)];
      return {
        kind: `edit ${column} at ${k}`,
        expected: k,
        async apply(raw, rows) {
          const value = String(rows[k - 1][column]);
          const candidates = [...value].map((c, i) => (/[a-z]/.test(c) ? i : -1)).filter((i) => i >= 0);
          const at = candidates[next(candidates.length)];
          const changed = value.slice(0, at) + (value[at] === 'x' ? 'y' : 'x') + value.slice(at + 1);
          await raw.exec(`UPDATE ${raw.table} SET ${column} = $1 WHERE position = $2`, [changed, k]);
        },
      };
    }
    case 'delete':
      return {
        kind: `delete ${k}`,
        expected: k,
        apply: (raw) => raw.exec(`DELETE FROM ${raw.table} WHERE position = $1`, [k]),
      };
    case 'insert':
      return {
        kind: `insert at ${k}`,
        expected: k,
        async apply(raw, rows) {
          await raw.exec(`UPDATE ${raw.table} SET position = position + 1000000 WHERE position >= $1`, [k]);
          await raw.exec(`UPDATE ${raw.table} SET position = position - 999999 WHERE position >= 1000000`);
          const forged = { ...rows[k - 1], position: k, event_id: `forged-${k}`, stream: 'member-FORGED', revision: 0 };
          await raw.exec(
            `INSERT INTO ${raw.table} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
            COLUMNS.map((c) => forged[c as keyof typeof forged]),
          );
        },
      };
    case 'swap': {
      const j = k === EVENTS ? k - 1 : k + 1 + next(EVENTS - k);
      const [a, b] = [Math.min(k, j), Math.max(k, j)];
      return {
        kind: `swap ${a} and ${b}`,
        expected: a,
        async apply(raw) {
          await raw.exec(`UPDATE ${raw.table} SET position = -1 WHERE position = $1`, [a]);
          await raw.exec(`UPDATE ${raw.table} SET position = $1 WHERE position = $2`, [a, b]);
          await raw.exec(`UPDATE ${raw.table} SET position = $1 WHERE position = -1`, [b]);
        },
      };
    }
    default:
      return {
        kind: `truncate after ${k - 1}`,
        expected: k,
        apply: (raw) => raw.exec(`DELETE FROM ${raw.table} WHERE position >= $1`, [k]),
      };
  }
}

function describeTampering(name: string, open: () => Promise<Engine>) {
  describe(`integrity audit on ${name}`, () => {
    let engine: Engine;
    let pristine: Record<string, unknown>[];
    const signer = generateNoteSigner('phi-ledger.test/log');
    const verifierKey = formatVerifierKey(signer);

    beforeAll(async () => {
      engine = await open();
      for (let i = 0; i < EVENTS; i++) {
        await engine.store.append(
          `member-M${i % 7}`,
          [
            {
              eventId: `e-${i}`,
              type: i % 4 === 0 ? 'DisclosureCorrected' : 'PhiDisclosed',
              data: { note: `disclosure number ${i} to the state registry`, n: i },
              recordedBy: { subject: 'svc' },
              correlationId: `corr-abc-${i}`,
            },
          ],
          'any',
        );
      }
      const runner = new ProjectionRunner(
        engine.store,
        engine.readModels,
        createMerkleLogProjection({ origin: 'phi-ledger.test/log', signer, checkpointEvery: 10 }),
        5,
      );
      await runner.ensureSchema();
      await runner.catchUp();
      pristine = await engine.raw.rows();
    });
    afterAll(() => engine.cleanup());

    async function restore() {
      await engine.raw.exec(`DELETE FROM ${engine.raw.table}`);
      for (const row of pristine) {
        await engine.raw.exec(
          `INSERT INTO ${engine.raw.table} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
          COLUMNS.map((c) => row[c]),
        );
      }
    }

    it('an untouched ledger verifies: every event and every signed checkpoint', async () => {
      await expect(auditLedger(engine.store, engine.readModels, verifierKey)).resolves.toEqual({
        verified: true,
        checkedEvents: EVENTS,
        checkpointsChecked: EVENTS / 10,
        firstMismatchAt: null,
        reason: null,
      });
    });

    it(`${CASES} random tamperings are all detected at the right position, with no false alarm between them`, async () => {
      const next = rng(name.length * 7919);
      const missed: string[] = [];
      let falseAlarms = 0;
      for (let i = 0; i < CASES; i++) {
        const tampering = pickTampering(next);
        await tampering.apply(engine.raw, pristine);
        const report = await auditLedger(engine.store, engine.readModels, verifierKey);
        if (report.verified || report.firstMismatchAt !== tampering.expected) {
          missed.push(`${tampering.kind}: reported ${report.firstMismatchAt} (${report.reason})`);
        }
        await restore();
        if (!(await auditLedger(engine.store, engine.readModels, verifierKey)).verified) falseAlarms += 1;
      }
      expect(missed).toEqual([]);
      expect(falseAlarms).toBe(0);
    });

    it('a forged checkpoint signature is detected', async () => {
      const forger = generateNoteSigner('phi-ledger.test/log');
      const { signCheckpoint } = await import('../../src/integrity/checkpoints/signed-note.js');
      const rows = await engine.readModels.all<{ size: number; root_hash: string; note: string }>(
        'SELECT size, root_hash, note FROM integrity_checkpoints WHERE size = 30',
      );
      const forged = signCheckpoint(
        { origin: 'phi-ledger.test/log', size: 30, rootHash: Buffer.from(rows[0].root_hash, 'base64') },
        forger,
      );
      await engine.readModels.run('UPDATE integrity_checkpoints SET note = $1 WHERE size = 30', [forged]);
      const report = await auditLedger(engine.store, engine.readModels, verifierKey);
      await engine.readModels.run('UPDATE integrity_checkpoints SET note = $1 WHERE size = 30', [rows[0].note]);
      expect(report).toMatchObject({ verified: false, firstMismatchAt: 30 });
    });
  });
}

describeTampering('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-tamper-'));
  const file = join(dir, 'ledger.sqlite');
  const store = new SqliteEventStore(file);
  const readModels = new SqliteReadModelDb(join(dir, 'read-models.sqlite'));
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  const positional = (sql: string) => sql.replace(/\$\d+/g, '?');
  return {
    store,
    readModels,
    raw: {
      table: 'events',
      exec: async (sql, params = []) => void db.prepare(positional(sql)).run(...(params as never[])),
      rows: async () => db.prepare('SELECT * FROM events ORDER BY position').all() as Record<string, unknown>[],
      close: async () => void db.close(),
    },
    cleanup: async () => {
      db.close();
      await readModels.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

const target = await pgTestTarget();
if (target.url) {
  const url = target.url;
  describeTampering('PostgreSQL', async () => {
    const schema = freshSchema('tamper');
    const store = await PostgresEventStore.open({ connectionString: url, schema });
    const readModels = await new PostgresReadModelDb(url, schema).init();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return {
      store,
      readModels,
      raw: {
        table: `"${schema}".events`,
        exec: async (sql, params = []) => void (await client.query(sql, params)),
        rows: async () => (await client.query(`SELECT * FROM "${schema}".events ORDER BY position`)).rows,
        close: () => client.end(),
      },
      cleanup: async () => {
        await client.end();
        await readModels.close();
        await store.close();
        await dropSchema(url, schema);
      },
    };
  });
} else {
  describe('integrity audit on PostgreSQL', () => {
    it.skip(target.skipReason!, () => undefined);
  });
}
