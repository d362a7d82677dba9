import pg from 'pg';
import { quoteIdent } from '../event-store/postgres/pg-schema.js';
import type { Lease, ReadModelDb, SqlTx, SqlValue } from './read-model-db.js';

const bind = (params: SqlValue[]) => params.map((p) => (typeof p === 'bigint' ? p.toString() : p));

/**
 * PostgreSQL read models. Every connection's search_path is the ledger's schema, so projections write
 * unqualified table names. One active runner per projection is a session-level advisory lock held on a
 * dedicated connection: it is released when the holder exits or its connection dies.
 */
export class PostgresReadModelDb implements ReadModelDb {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;

  constructor(
    private readonly connectionString: string,
    readonly schema: string,
  ) {
    this.pool = new pg.Pool({ connectionString, max: 6, options: `-c search_path=${quoteIdent(schema)}` });
  }

  async init(): Promise<this> {
    await this.pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(this.schema)}`);
    return this;
  }

  async run(sql: string, params: SqlValue[] = []): Promise<number> {
    return (await this.pool.query(sql, bind(params))).rowCount ?? 0;
  }

  async all<R>(sql: string, params: SqlValue[] = []): Promise<R[]> {
    return (await this.pool.query(sql, bind(params))).rows as R[];
  }

  async exec(ddl: string): Promise<void> {
    await this.pool.query(ddl);
  }

  async transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx: SqlTx = {
      run: async (sql, params = []) => (await client.query(sql, bind(params))).rowCount ?? 0,
      all: async <R>(sql: string, params: SqlValue[] = []) => (await client.query(sql, bind(params))).rows as R[],
    };
    try {
      await client.query('BEGIN');
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async tryLease(name: string): Promise<Lease | null> {
    // named so that an operator sees which process holds which projection (pg_stat_activity.application_name)
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: `phi-ledger projection ${name} pid ${process.pid}`,
    });
    await client.connect();
    client.on('error', () => undefined);
    const key = `phi-ledger-projection:${this.schema}:${name}`;
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key]);
    if (!rows[0].ok) {
      await client.end();
      return null;
    }
    return { release: () => client.end() };
  }

  async ping(): Promise<void> {
    await this.all('SELECT 1 AS ok');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
