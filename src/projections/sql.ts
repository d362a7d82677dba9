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

/** Multi-row INSERT in chunks that stay under both engines' bind-parameter limits. */
export async function insertMany(
  tx: SqlTx,
  table: string,
  columns: string[],
  rows: SqlValue[][],
  onConflict = '',
): Promise<void> {
  const perChunk = Math.max(1, Math.floor(3000 / columns.length));
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    await tx.run(insertSql(table, columns, chunk.length, onConflict), chunk.flat());
  }
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
