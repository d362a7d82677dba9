/**
 * Where PostgreSQL tests get a server: DATABASE_URL (CI and developers), else a throw-away container when
 * Docker is available (testcontainers), else the suite is skipped with one line saying why.
 * Refuses any database whose name does not look like a test database, so a test can never touch real data.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface PgTestTarget {
  url: string | null;
  skipReason: string | null;
}

let resolved: Promise<PgTestTarget> | null = null;

export function pgTestTarget(): Promise<PgTestTarget> {
  resolved ??= resolveTarget();
  return resolved;
}

async function resolveTarget(): Promise<PgTestTarget> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const database = new URL(url).pathname.replace(/^\//, '');
    if (!/test/i.test(database)) {
      throw new Error(`refusing to run tests against database "${database}": its name must contain "test"`);
    }
    return { url, skipReason: null };
  }
  const skipReason =
    'PostgreSQL tests skipped: DATABASE_URL is not set (CI sets it; e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/phi_ledger_test)';
  process.stderr.write(`\n${skipReason}\n`);
  return { url: null, skipReason };
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
