import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SqlTx, SqlValue } from './read-model-db.js';
import { allIn, chunksFor, insertMany } from './sql.js';
import { SqliteReadModelDb } from './sqlite-read-model-db.js';

const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-sql-'));
let db: SqliteReadModelDb;

beforeAll(async () => {
  db = new SqliteReadModelDb(join(dir, 'read-models.db'));
  await db.exec('CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT)');
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Inserts `count` rows through insertMany on a transaction that does (or does not) cache statements, and returns the
 * row count of each statement it ran. */
async function insertCounting(count: number, cachesStatements: boolean): Promise<number[]> {
  const sizes: number[] = [];
  await db.run('DELETE FROM t');
  await db.transaction(async (tx) => {
    const counting: SqlTx = {
      cachesStatements,
      run: (sql: string, params?: SqlValue[]) => {
        sizes.push((params?.length ?? 0) / 2);
        return tx.run(sql, params);
      },
      all: (sql, params) => tx.all(sql, params),
    };
    await insertMany(
      counting,
      't',
      ['a', 'b'],
      Array.from({ length: count }, (_, i) => [i, `row ${i}`]),
    );
  });
  return sizes;
}

describe('insertMany: rows into a read model', () => {
  it('where statements are cached (SQLite), each row is one run of one prepared single-row statement', async () => {
    expect(await insertCounting(37, true)).toEqual(Array.from({ length: 37 }, () => 1));
  });

  it('where each query is parsed and is a round trip (PostgreSQL), multi-row statements under 3,000 parameters', async () => {
    expect(await insertCounting(37, false)).toEqual([37]);
    // 3,000 parameters per statement: 1,500 rows of two columns, then the rest
    expect(await insertCounting(3_037, false)).toEqual([1_500, 1_500, 37]);
  });

  it('every row is inserted once, whichever way it is chunked', async () => {
    for (const cached of [true, false]) {
      await insertCounting(1_234, cached);
      const [row] = await db.all<{ n: number; first: number; last: number; distinct_b: number }>(
        'SELECT count(*) AS n, min(a) AS first, max(a) AS last, count(DISTINCT b) AS distinct_b FROM t',
      );
      expect(row).toEqual({ n: 1_234, first: 0, last: 1_233, distinct_b: 1_234 });
    }
  });

  it('nothing to insert runs no statement', async () => {
    expect(await insertCounting(0, true)).toEqual([]);
  });

  it('the SQLite read model says it caches statements', async () => {
    await db.transaction(async (tx) => expect(tx.cachesStatements).toBe(true));
  });
});

describe('chunksFor: ids in chunks for statements built per chunk (IN lists)', () => {
  const sizes = (count: number, cachesStatements: boolean, perChunk = 500) => [
    ...chunksFor(
      { cachesStatements, run: () => Promise.resolve(0), all: () => Promise.resolve([]) },
      Array.from({ length: count }, (_, i) => i),
      perChunk,
    ),
  ];

  it('where statements are cached, the rest after full chunks goes in power-of-two chunks: few distinct texts', () => {
    expect(sizes(37, true).map((c) => c.length)).toEqual([32, 4, 1]);
    expect(sizes(1_037, true).map((c) => c.length)).toEqual([500, 500, 32, 4, 1]);
    expect(sizes(64, true).map((c) => c.length)).toEqual([64]);
  });

  it('otherwise the rest is one chunk', () => {
    expect(sizes(1_037, false).map((c) => c.length)).toEqual([500, 500, 37]);
  });

  it('every id once, in order; none gives no chunk', () => {
    expect(sizes(1_037, true).flat()).toEqual(Array.from({ length: 1_037 }, (_, i) => i));
    expect(sizes(0, true)).toEqual([]);
  });
});

describe('allIn: the rows of an IN-list query for any number of ids', () => {
  it('answers for every id, across chunks of 500, as one list', async () => {
    await insertCounting(1_234, true);
    const ids = Array.from({ length: 1_100 }, (_, i) => i * 2); // 0 … 2,198: the rows hold 0 … 1,233
    const rows = await allIn<{ a: number }>(db, 'SELECT a FROM t WHERE a IN (%s) ORDER BY a', ids);
    expect(rows.map((r) => r.a)).toEqual(ids.filter((id) => id <= 1_233));
  });

  it('no ids, no statement and no rows', async () => {
    expect(await allIn(db, 'SELECT a FROM t WHERE a IN (%s)', [])).toEqual([]);
  });
});
