/**
 * The database that holds read models and their checkpoints: a SQLite file next to the event store in the
 * embedded default, PostgreSQL when DATABASE_URL is set. Projections write portable SQL with `$n`
 * placeholders; the SQLite side rewrites them to positional `?`.
 */
export const READ_MODEL_DB = Symbol('READ_MODEL_DB');

export type SqlValue = string | number | bigint | boolean | null;

export interface SqlTx {
  run(sql: string, params?: SqlValue[]): Promise<number>;
  all<R = Record<string, unknown>>(sql: string, params?: SqlValue[]): Promise<R[]>;
  /**
   * True where a statement is prepared once per distinct SQL text and kept, and costs no round trip (SQLite): rows are
   * then inserted one prepared statement each, and `IN` lists chunked to a few fixed sizes (sql.ts). PostgreSQL
   * parses each query anyway and pays a round trip per statement, so it gets multi-row statements.
   */
  readonly cachesStatements?: boolean;
}

/** Held while a runner owns a projection; released on close or crash (PostgreSQL session lock). */
export interface Lease {
  release(): Promise<void>;
}

export interface ReadModelDb extends SqlTx {
  readonly kind: 'sqlite' | 'postgres';
  /** runs fn in one transaction holding the write lock (BEGIN IMMEDIATE / READ COMMITTED + row locks) */
  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
  exec(ddl: string): Promise<void>;
  /** one active runner per projection: null when another holder has it */
  tryLease(name: string): Promise<Lease | null>;
  /** cheap liveness probe for /health/ready */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Rewrites `$1..$n` into `?`; `order[i]` is the index of the parameter the i-th `?` takes (a parameter may repeat). */
export function toPositional(sql: string): { sql: string; order: number[] } {
  const order: number[] = [];
  const rewritten = sql.replace(/\$(\d+)/g, (_, n: string) => {
    order.push(Number(n) - 1);
    return '?';
  });
  return { sql: rewritten, order };
}
