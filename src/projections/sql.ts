import type { SqlTx, SqlValue } from './read-model-db.js';

const statements = new Map<string, string>();

function insertSql(table: string, columns: string[], rows: number, onConflict: string): string {
  const key = `${table}|${columns.join(',')}|${rows}|${onConflict}`;
  let sql = statements.get(key);
  if (!sql) {
    const values = Array.from(
      { length: rows },
      (_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`,
    ).join(', ');
    sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values} ${onConflict}`;
    if (statements.size >= 1000) statements.clear();
    statements.set(key, sql);
  }
  return sql;
}

/**
 * `items` in chunks of at most `perChunk` (bind-parameter limits), for statements built per chunk (an `IN` list of
 * the chunk's ids). Where statements are prepared once and cached (SQLite), the items after the full chunks go in
 * chunks of power-of-two sizes (37: 32 + 4 + 1), so that such a statement has a dozen texts at most: a projection page
 * holds any number of ids, and a text of its own for each count was prepared anew (and pushed other statements out of
 * the cache) on almost every page. PostgreSQL parses each query anyway and pays a round trip per statement, so it gets
 * the rest in one chunk.
 */
export function* chunksFor<T>(tx: SqlTx, items: readonly T[], perChunk: number): Generator<T[]> {
  for (let i = 0; i < items.length;) {
    const left = items.length - i;
    const size = left >= perChunk ? perChunk : tx.cachesStatements ? 2 ** Math.floor(Math.log2(left)) : left;
    yield items.slice(i, i + size);
    i += size;
  }
}

/**
 * Rows of `sql`, whose one `IN` list is written `%s`, for every value: in chunks of 500 under both engines'
 * bind-parameter limits (chunksFor). Rows come chunk by chunk, each chunk in the statement's own order.
 */
export async function allIn<R>(tx: SqlTx, sql: string, values: readonly SqlValue[]): Promise<R[]> {
  const rows: R[] = [];
  for (const chunk of chunksFor(tx, values, 500))
    rows.push(...(await tx.all<R>(sql.replace('%s', placeholders(chunk.length)), chunk)));
  return rows;
}

/**
 * Rows inserted (or upserted, with `onConflict`). PostgreSQL: multi-row statements under its bind-parameter limit,
 * one round trip each. SQLite (statements cached, no round trip): one prepared single-row statement run per row,
 * measured 25–30% cheaper per row than multi-row VALUES lists, which are bound and stepped as one large statement
 * (docs/benchmarks.md).
 */
export async function insertMany(
  tx: SqlTx,
  table: string,
  columns: string[],
  rows: SqlValue[][],
  onConflict = '',
): Promise<void> {
  if (tx.cachesStatements) {
    const sql = insertSql(table, columns, 1, onConflict);
    for (const row of rows) await tx.run(sql, row);
    return;
  }
  for (const chunk of chunksFor(tx, rows, Math.max(1, Math.floor(3000 / columns.length))))
    await tx.run(insertSql(table, columns, chunk.length, onConflict), chunk.flat());
}

/** `$1, $2, …` from `offset + 1`, one per value. */
export const placeholders = (count: number, offset = 0) =>
  Array.from({ length: count }, (_, i) => `$${i + offset + 1}`).join(', ');

/** Numbered parameters for one statement: `p(value)` adds a value and gives its placeholder (`$1`, `$2`, …). */
export function parameters() {
  const params: SqlValue[] = [];
  const p = (value: SqlValue) => {
    params.push(value);
    return `$${params.length}`;
  };
  return { params, p };
}

/**
 * A keyset bound in newest-first order: rows before (`at`, `position`); with `sameAtIncluded`, every row at exactly
 * `at` too (the bound was set by a row of a source that ranks before this one at the same instant).
 */
export interface Before {
  at: string;
  position: number;
  /** a read's number in its batch event (0 for every other row) */
  seq: number;
  sameAtIncluded: boolean;
}
