import type { SqlTx, SqlValue } from './read-model-db.js';

/** Multi-row INSERT in chunks that stay under both engines' bind-parameter limits. */
export async function insertMany(tx: SqlTx, table: string, columns: string[], rows: SqlValue[][], onConflict = ''): Promise<void> {
  const perChunk = Math.max(1, Math.floor(3000 / columns.length));
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    const values = chunk.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
    await tx.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values} ${onConflict}`, chunk.flat());
  }
}
