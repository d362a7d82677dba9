/**
 * The PostgreSQL store refuses to start on a server that could lose acknowledged commits. synchronous_commit
 * can be switched off per database, so the test makes a throw-away database with it off.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { StoreConfigurationError } from '../../src/event-store/errors.js';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.js';
import { pgTestTarget } from '../support/postgres.js';

const target = await pgTestTarget();

describe('PostgreSQL durability settings', () => {
  if (!target.url) {
    it.skip(target.skipReason!, () => undefined);
    return;
  }
  it('start-up is refused with synchronous_commit off, naming the setting', async () => {
    const name = `phi_ledger_test_unsafe_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: target.url! });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
      const url = new URL(target.url!);
      url.pathname = `/${name}`;
      const attempt = PostgresEventStore.open({ connectionString: url.toString(), schema: 'unsafe' });
      await expect(attempt).rejects.toBeInstanceOf(StoreConfigurationError);
      await expect(PostgresEventStore.open({ connectionString: url.toString(), schema: 'unsafe' })).rejects.toThrow(
        'synchronous_commit is off',
      );
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    }
  });
});
