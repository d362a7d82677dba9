/**
 * Versioned schema migrations for the PostgreSQL event store, applied at start-up under an advisory lock so
 * that several instances starting together apply each migration once.
 */
import type pg from 'pg';
import { staleIndexes, type FactIndex } from '../stream-facts.js';

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new Error(`invalid PostgreSQL schema name "${name}": use [a-z_][a-z0-9_]*`);
  return `"${name}"`;
}

const migrations = (s: string): string[] => [
  `CREATE TABLE ${s}.events (
     position       bigint  PRIMARY KEY,
     stream         text    NOT NULL,
     revision       bigint  NOT NULL,
     event_id       text    NOT NULL UNIQUE,
     type           text    NOT NULL,
     version        integer NOT NULL,
     recorded_at    text    NOT NULL,
     recorded_by    text    NOT NULL,
     correlation_id text    NOT NULL,
     data           text    NOT NULL,
     UNIQUE (stream, revision)
   );
   -- One row: the last assigned position. Every writer locks it first, so positions are assigned and become
   -- visible in commit order: a reader that has seen position N can never later see a position < N appear.
   CREATE TABLE ${s}.ledger_head (
     singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
     position  bigint  NOT NULL
   );
   INSERT INTO ${s}.ledger_head (singleton, position) VALUES (true, 0);`,
  // seal.ts: the writers' signed hash chain; its head is kept with the log's head, under the same lock
  `ALTER TABLE ${s}.ledger_head ADD COLUMN chain text;
   CREATE TABLE ${s}.event_seals (
     position  bigint PRIMARY KEY,
     chain     text   NOT NULL,
     signature text   NOT NULL,
     kind      text   NOT NULL
   );`,
];

/**
 * Applies pending migrations, then builds the fact index if missing (dropping one for other types: stream-facts.ts),
 * all under the lock; returns how many migrations were applied.
 */
export async function migrate(client: pg.ClientBase, schema: string, facts: FactIndex | null = null): Promise<number> {
  const s = quoteIdent(schema);
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('phi-ledger-migrate:' || $1))`, [schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
      version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = await client.query<{ version: number }>(`SELECT version FROM ${s}.schema_migrations`);
    const applied = new Set(done.rows.map((r) => r.version));
    const all = migrations(s);
    let count = 0;
    for (let i = 0; i < all.length; i++) {
      if (applied.has(i + 1)) continue;
      await client.query(all[i]);
      await client.query(`INSERT INTO ${s}.schema_migrations (version) VALUES ($1)`, [i + 1]);
      count++;
    }
    const indexes = await client.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = $1`,
      [schema],
    );
    for (const stale of staleIndexes(
      indexes.rows.map((r) => r.indexname),
      facts,
    ))
      await client.query(`DROP INDEX ${s}.${stale}`);
    if (facts)
      await client.query(
        `CREATE INDEX IF NOT EXISTS ${facts.name} ON ${s}.events (stream, revision) WHERE ${facts.predicate}`,
      );
    await client.query('COMMIT');
    return count;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** Refuses to run on a server that could lose acknowledged commits. */
export async function checkDurability(client: pg.ClientBase): Promise<string[]> {
  const problems: string[] = [];
  const setting = async (name: string) =>
    (await client.query<{ v: string }>(`SELECT current_setting($1) AS v`, [name])).rows[0].v;
  if ((await setting('fsync')) === 'off') problems.push('fsync is off');
  if ((await setting('synchronous_commit')) === 'off') problems.push('synchronous_commit is off');
  if ((await setting('full_page_writes')) === 'off') problems.push('full_page_writes is off');
  return problems;
}
