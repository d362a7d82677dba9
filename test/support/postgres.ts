/**
 * Where PostgreSQL suites get a server: DATABASE_URL, set by the developer, by CI, or by the global setup
 * (postgres-global-setup.js) from a testcontainers PostgreSQL when a Docker engine answers; else the suite is skipped
 * with the reason the global setup gave. Refuses any database whose name does not look like a test database, so a
 * test can never touch real data.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface PgTestTarget {
  url: string | null;
  skipReason: string | null;
}

export function pgTestTarget(): Promise<PgTestTarget> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const reason = process.env.PHI_LEDGER_PG_SKIP ?? 'PostgreSQL suites skipped: DATABASE_URL is not set';
    return Promise.resolve({ url: null, skipReason: reason });
  }
  const database = new URL(url).pathname.replace(/^\//, '');
  if (!/test/i.test(database)) {
    return Promise.reject(
      new Error(`refusing to run tests against database "${database}": its name must contain "test"`),
    );
  }
  return Promise.resolve({ url, skipReason: null });
}

/** A fresh schema name per suite, so suites never see each other's rows. */
export function freshSchema(prefix = 't'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** A store an end-to-end suite runs on: its name (for the suite's title) and the service's environment for it. */
export interface StoreUnderTest {
  name: string;
  env: { LEDGER_STORE: 'sqlite' | 'postgres'; DATABASE_URL: string };
}

/**
 * The stores an end-to-end suite runs on (`describe.each`): the embedded store, and PostgreSQL when a server is
 * there. Without one, a skipped test in the calling suite says why (called at the suite's top level).
 */
export async function storesUnderTest(): Promise<{ pg: PgTestTarget; stores: StoreUnderTest[] }> {
  const target = await pgTestTarget();
  const { it } = await import('@jest/globals');
  if (!target.url) it.skip(`PostgreSQL: ${target.skipReason}`, () => undefined);
  return {
    pg: target,
    stores: [
      { name: 'the embedded store', env: { LEDGER_STORE: 'sqlite', DATABASE_URL: '' } },
      ...(target.url
        ? [{ name: 'PostgreSQL', env: { LEDGER_STORE: 'postgres' as const, DATABASE_URL: target.url } }]
        : []),
    ],
  };
}
