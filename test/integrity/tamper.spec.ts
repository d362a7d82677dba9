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
import { GENESIS_CHAIN, nextChain, Sealer, type SealingSettings } from '../../src/event-store/seal.js';
import {
  exportNoteSignerPem,
  formatVerifierKey,
  generateNoteSigner,
} from '../../src/integrity/checkpoints/note-keys.js';
import { eventLeafHash } from '../../src/integrity/log/leaf.js';
import { issueCheckpoint } from '../../src/integrity/log/checkpoint-issuer.js';
import { auditLedger, type AuditProgress } from '../../src/integrity/log/ledger-audit.js';
import { trustedCheckpoints, witness, type TrustedCheckpoint } from '../../src/integrity/log/trust.js';
import { createMerkleLogProjection } from '../../src/integrity/log/merkle-log.projection.js';
import { encodeTile, loadTiles, TILE_LEAVES } from '../../src/integrity/log/node-table.js';
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
  rows(table?: string): Promise<Record<string, unknown>[]>;
  table: string;
  /** the writer's seals (event-store/seal.ts) */
  seals: string;
  /** PostgreSQL keeps the log's head and seal chain in a row (SQLite's head is the last row): set it */
  setHead(position: number, chain: unknown): Promise<void>;
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

const newEvent = (i: number) => ({
  eventId: `e-${i}`,
  type: i % 4 === 0 ? 'DisclosureCorrected' : 'PhiDisclosed',
  data: { note: `disclosure number ${i} to the state registry`, n: i },
  recordedBy: { subject: 'svc' },
  correlationId: `corr-abc-${i}`,
});

const ORIGIN = 'phi-ledger.test/log';

function describeTampering(name: string, open: (sealing: SealingSettings) => Promise<Engine>) {
  describe(`integrity audit on ${name}`, () => {
    let engine: Engine;
    let pristine: Record<string, unknown>[];
    let pristineSeals: Record<string, unknown>[];
    let runner: ProjectionRunner;
    const signer = generateNoteSigner(ORIGIN);
    const verifierKey = formatVerifierKey(signer);
    const sealing = { origin: ORIGIN, keyPem: exportNoteSignerPem(signer) };
    const policy = { origin: ORIGIN, signer, verifiers: [verifierKey], sealed: true };
    const trust = { verifiers: [verifierKey], trusted: [], sealedOrigin: ORIGIN };

    beforeAll(async () => {
      engine = await open(sealing);
      for (let i = 0; i < EVENTS; i++) await engine.store.append(`member-M${i % 7}`, [newEvent(i)], 'any');
      runner = new ProjectionRunner(
        engine.store,
        engine.readModels,
        createMerkleLogProjection({ ...policy, checkpointEvery: 10 }),
        5,
      );
      await runner.ensureSchema();
      await runner.catchUp();
      pristine = await engine.raw.rows();
      pristineSeals = await engine.raw.rows(engine.raw.seals);
    });
    afterAll(() => engine.cleanup());

    async function restore() {
      for (const [table, rows] of [
        [engine.raw.table, pristine],
        [engine.raw.seals, pristineSeals],
      ] as const) {
        await engine.raw.exec(`DELETE FROM ${table}`);
        for (const row of rows) {
          const columns = Object.keys(row);
          await engine.raw.exec(
            `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
            columns.map((c) => row[c]),
          );
        }
      }
    }

    /** What an attacker holding the signing key does after editing events: seal the chain again over them. */
    async function resealWithStolenKey() {
      const sealer = new Sealer(sealing);
      let chain = GENESIS_CHAIN;
      for (let after = 0n; ;) {
        const page = await engine.store.readAll(after, 1000);
        if (page.length === 0) return;
        for (const e of page) {
          chain = nextChain(chain, eventLeafHash(e));
          if (!e.seal) continue;
          const seal = sealer.seal(e.position, chain, e.seal.kind);
          await engine.raw.exec(`UPDATE ${engine.raw.seals} SET chain = $1, signature = $2 WHERE position = $3`, [
            seal.chain,
            seal.signature,
            e.position,
          ]);
        }
        after = page[page.length - 1].position;
      }
    }

    it('an untouched ledger verifies: every event and every signed checkpoint', async () => {
      await expect(auditLedger(engine.store, engine.readModels, trust)).resolves.toEqual({
        verified: true,
        checkedEvents: EVENTS,
        checkpointsChecked: EVENTS / 10,
        trustedCheckpointsChecked: 0,
        adoptedThrough: null,
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
        const report = await auditLedger(engine.store, engine.readModels, trust);
        if (report.verified || report.firstMismatchAt !== tampering.expected) {
          missed.push(`${tampering.kind}: reported ${report.firstMismatchAt} (${report.reason})`);
        }
        await restore();
        if (!(await auditLedger(engine.store, engine.readModels, trust)).verified) falseAlarms += 1;
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
      const report = await auditLedger(engine.store, engine.readModels, trust);
      await engine.readModels.run('UPDATE integrity_checkpoints SET note = $1 WHERE size = 30', [rows[0].note]);
      expect(report).toMatchObject({ verified: false, firstMismatchAt: 30 });
    });

    it('an event inserted by SQL after the last checkpoint is signed into no checkpoint, fails the audit, and stops the Merkle log at the next commit', async () => {
      const last = pristine[EVENTS - 1];
      const forged = { ...last, position: EVENTS + 1, event_id: 'forged-tail', stream: 'member-FORGED', revision: 0 };
      await engine.raw.exec(
        `INSERT INTO ${engine.raw.table} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
        COLUMNS.map((c) => forged[c as keyof typeof forged]),
      );
      await engine.raw.setHead(EVENTS + 1, pristineSeals[EVENTS - 1].chain); // as an attacker would, on PostgreSQL
      await runner.catchUp(); // integrated into the tree, but no seal covers it
      const signed = await engine.readModels.transaction((tx) => issueCheckpoint(tx, policy));
      const audit = await auditLedger(engine.store, engine.readModels, trust);
      const nextCommit = await engine.store.append('member-M1', [{ ...newEvent(99), eventId: 'after-forged' }], 'any');
      const stopped = await runner.catchUp().then(
        () => null,
        (error: Error) => error.message,
      );
      await restore();
      await engine.raw.setHead(EVENTS, pristineSeals[EVENTS - 1].chain);
      await runner.rebuild();
      expect(signed).toBeNull();
      expect(audit).toMatchObject({
        verified: false,
        firstMismatchAt: EVENTS + 1,
        reason: `events ${EVENTS + 1} to ${EVENTS + 1} are covered by no seal of the ledger's writer: written around the ledger`,
      });
      expect(nextCommit.positions).toEqual([BigInt(EVENTS + 2)]);
      expect(stopped).toContain(`the seal at position ${EVENTS + 2} does not cover the events before it`);
      expect(await auditLedger(engine.store, engine.readModels, trust)).toMatchObject({ verified: true });
    });

    it('checkpoints signed by a rotated key verify while that key is still trusted (LEDGER_CHECKPOINT_TRUSTED_KEYS)', async () => {
      const { signCheckpoint } = await import('../../src/integrity/checkpoints/signed-note.js');
      const next = generateNoteSigner('phi-ledger.test/log');
      const [latest] = await engine.readModels.all<{ root_hash: string; note: string }>(
        'SELECT root_hash, note FROM integrity_checkpoints WHERE size = $1',
        [EVENTS],
      );
      const renewed = signCheckpoint(
        { origin: 'phi-ledger.test/log', size: EVENTS, rootHash: Buffer.from(latest.root_hash, 'base64') },
        next,
      );
      await engine.readModels.run('UPDATE integrity_checkpoints SET note = $1 WHERE size = $2', [renewed, EVENTS]);
      const rotated = { verifiers: [formatVerifierKey(next)], trusted: [] };
      const onlyNewKey = await auditLedger(engine.store, engine.readModels, rotated);
      const bothKeys = await auditLedger(engine.store, engine.readModels, {
        ...rotated,
        verifiers: [formatVerifierKey(next), verifierKey],
      });
      await engine.readModels.run('UPDATE integrity_checkpoints SET note = $1 WHERE size = $2', [latest.note, EVENTS]);
      expect(onlyNewKey).toMatchObject({
        verified: false,
        firstMismatchAt: 10,
        reason: expect.stringContaining('no trusted key'),
      });
      expect(bothKeys).toMatchObject({ verified: true, checkpointsChecked: EVENTS / 10 });
    });

    it('an audit stopped part-way resumes from its saved progress, and still catches what lies after it', async () => {
      const saved: AuditProgress[] = [];
      const options = { pageSize: 7, saveEvery: 2, save: async (p: AuditProgress) => void saved.push(p) };
      await auditLedger(engine.store, engine.readModels, trust, options);
      const midway = saved.find((p) => p.checkedEvents >= EVENTS / 2)!;
      expect(midway.checkedEvents).toBeLessThan(EVENTS);
      const resumed = await auditLedger(engine.store, engine.readModels, trust, { ...options, resumeFrom: midway });
      expect(resumed).toEqual({
        verified: true,
        checkedEvents: EVENTS,
        checkpointsChecked: EVENTS / 10,
        trustedCheckpointsChecked: 0,
        adoptedThrough: null,
        firstMismatchAt: null,
        reason: null,
      });
      await engine.raw.exec(`UPDATE ${engine.raw.table} SET correlation_id = $1 WHERE position = $2`, [
        'tampered',
        EVENTS - 1,
      ]);
      const tampered = await auditLedger(engine.store, engine.readModels, trust, { ...options, resumeFrom: midway });
      await restore();
      expect(tampered).toMatchObject({ verified: false, firstMismatchAt: EVENTS - 1 });
    });

    describe('against checkpoints kept outside the database (witness file, published notes)', () => {
      const witnessDir = mkdtempSync(join(tmpdir(), 'phi-ledger-witness-'));
      const witnessFile = join(witnessDir, 'checkpoints.jsonl');
      afterAll(() => rmSync(witnessDir, { recursive: true, force: true }));
      const witnessed = { ...policy, witnessFile };

      /** The signed checkpoint of the whole pristine log, as the operator kept it (published, or in a witness file). */
      async function keep(): Promise<TrustedCheckpoint> {
        const [row] = await engine.readModels.all<{ note: string }>(
          'SELECT note FROM integrity_checkpoints ORDER BY size DESC LIMIT 1',
        );
        witness(witnessFile, { size: EVENTS, note: row.note });
        return trustedCheckpoints([witnessFile], [verifierKey]).at(-1)!;
      }

      /** Back to the pristine log with its tree and checkpoints rebuilt from it. */
      async function pristineAgain() {
        await restore();
        await runner.rebuild();
      }

      it('a rollback of the log with its tree and stored checkpoints passes them, and is caught by a kept checkpoint', async () => {
        const kept = await keep();
        await engine.raw.exec(`DELETE FROM ${engine.raw.table} WHERE position > 40`);
        await truncateLeaves(engine.readModels, 40);
        await engine.readModels.run('DELETE FROM integrity_checkpoints WHERE size > 40');
        expect(await auditLedger(engine.store, engine.readModels, trust)).toMatchObject({
          verified: true,
          checkedEvents: 40,
        });
        expect(await auditLedger(engine.store, engine.readModels, { ...trust, trusted: [kept] })).toMatchObject({
          verified: false,
          firstMismatchAt: 41,
          reason: expect.stringContaining('rolled back'),
        });
        // and the service signs no checkpoint of the rolled-back tree
        await expect(engine.readModels.transaction((tx) => issueCheckpoint(tx, witnessed))).resolves.toBeNull();
        await pristineAgain();
      });

      it('history rewritten and re-signed with a stolen key passes the stored checkpoints, and is caught by a kept one', async () => {
        const kept = await keep();
        await engine.raw.exec(`UPDATE ${engine.raw.table} SET data = $1 WHERE position = 17`, [
          JSON.stringify({ note: 'rewritten', n: 16 }),
        ]);
        await resealWithStolenKey();
        await runner.rebuild(); // the attacker rebuilds the tree and signs new checkpoints with the stolen key
        expect(await auditLedger(engine.store, engine.readModels, trust)).toMatchObject({ verified: true });
        // the service, holding the witness file, signs nothing more on the rewritten tree
        await expect(engine.readModels.transaction((tx) => issueCheckpoint(tx, witnessed))).rejects.toThrow(
          /does not extend the witnessed checkpoint 60/,
        );
        expect(await auditLedger(engine.store, engine.readModels, { ...trust, trusted: [kept] })).toMatchObject({
          verified: false,
          firstMismatchAt: 1,
          reason: expect.stringContaining('do not match the trusted checkpoint of size 60'),
        });
        await pristineAgain();
        expect(await auditLedger(engine.store, engine.readModels, { ...trust, trusted: [kept] })).toMatchObject({
          verified: true,
          trustedCheckpointsChecked: 1,
        });
      });
    });
  });
}

describeTampering('SQLite', async (sealing) => {
  const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-tamper-'));
  const file = join(dir, 'ledger.sqlite');
  const store = new SqliteEventStore(file, { sealing });
  const readModels = new SqliteReadModelDb(join(dir, 'read-models.sqlite'));
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  const positional = (sql: string) => sql.replace(/\$\d+/g, '?');
  return {
    store,
    readModels,
    raw: {
      table: 'events',
      seals: 'event_seals',
      setHead: async () => undefined,
      exec: async (sql, params = []) => void db.prepare(positional(sql)).run(...(params as never[])),
      rows: async (table = 'events') =>
        db.prepare(`SELECT * FROM ${table} ORDER BY position`).all() as Record<string, unknown>[],
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
  describeTampering('PostgreSQL', async (sealing) => {
    const schema = freshSchema('tamper');
    const store = await PostgresEventStore.open({ connectionString: url, schema, sealing });
    const readModels = await new PostgresReadModelDb(url, schema).init();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return {
      store,
      readModels,
      raw: {
        table: `"${schema}".events`,
        seals: `"${schema}".event_seals`,
        setHead: async (position, chain) =>
          void (await client.query(`UPDATE "${schema}".ledger_head SET position = $1, chain = $2`, [position, chain])),
        exec: async (sql, params = []) => void (await client.query(sql, params)),
        rows: async (table = `"${schema}".events`) =>
          (await client.query(`SELECT * FROM ${table} ORDER BY position`)).rows,
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

/** Leaves from `size` on deleted from the stored tree (its tiles cut back), as a rollback of the read models would. */
async function truncateLeaves(db: ReadModelDb, size: number): Promise<void> {
  const tile = Math.floor(size / TILE_LEAVES);
  const held = size - tile * TILE_LEAVES;
  const stored = (await loadTiles(db, [tile])).get(tile);
  await db.run('DELETE FROM merkle_tiles WHERE idx > $1', [tile]);
  if (!stored || held === 0) await db.run('DELETE FROM merkle_tiles WHERE idx = $1', [tile]);
  else {
    const kept = stored.map((level, height) => level.slice(0, Math.floor(held / 2 ** height)));
    await db.run('UPDATE merkle_tiles SET leaves = $1, hashes = $2 WHERE idx = $3', [held, encodeTile(kept), tile]);
  }
}
