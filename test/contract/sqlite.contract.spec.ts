import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../../src/event-store/errors.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { CONTRACT_FACT_TYPES, CONTRACT_SEALING, describeEventStoreContract, event } from './event-store.contract.js';

// The same contract for both places the one writer can run: on the calling thread (CLI, tools) and on the
// writer thread the service uses (the compiled dist/ worker, which `npm test` builds first).
for (const writer of ['inline', 'thread'] as const) {
  describeEventStoreContract(`sqlite (file, WAL, synchronous=FULL, writer ${writer})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-contract-'));
    return {
      open: async (sealing = CONTRACT_SEALING, factTypes = CONTRACT_FACT_TYPES) =>
        new SqliteEventStore(join(dir, 'ledger.sqlite'), { writer, sealing, factTypes }),
      destroy: async () => rmSync(dir, { recursive: true, force: true }),
    };
  });
}

describe('sqlite: a commit that cannot be made', () => {
  it('fails with StoreUnavailableError (answered 503 STORE_UNAVAILABLE), never as an unexpected error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-unavailable-'));
    const store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
    await store.close(); // the connection the inline writer commits on is gone
    const event = {
      eventId: 'e-1',
      type: 'PhiDisclosed',
      data: {},
      recordedBy: { subject: 'svc' },
      correlationId: 'c-1',
    };
    await expect(store.append('member-M1', [event], 'no-stream')).rejects.toBeInstanceOf(StoreUnavailableError);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('sqlite: an append whose INSERT fails inside a group', () => {
  for (const writer of ['inline', 'thread'] as const) {
    it(`fails alone and leaves no row, a single event or the first of several (writer ${writer})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-refused-'));
      const file = join(dir, 'ledger.sqlite');
      const store = new SqliteEventStore(file, { writer, sealing: CONTRACT_SEALING });
      await store.append('member-warmup', [event()], 'no-stream'); // the schema exists, the writer is up
      const raw = new Database(file);
      raw.exec(`CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.data LIKE '%"refuse":true%'
        BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END`);
      raw.close();
      const refused = () => event('PhiDisclosed', { refuse: true });
      // one turn: one group commit
      const results = await Promise.allSettled([
        store.append('member-A', [event()], 'no-stream'),
        store.append('member-B', [refused()], 'no-stream'),
        store.append('member-C', [event(), refused()], 'no-stream'),
        store.append('member-D', [event()], 'no-stream'),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason).toMatchObject({
        message: expect.stringContaining('refused by the test trigger'),
      });
      expect(await store.readStream('member-B')).toEqual([]);
      expect(await store.readStream('member-C')).toEqual([]);
      const page = await store.readAll(0n, 10);
      expect(page.map((e) => [e.stream, e.position])).toEqual([
        ['member-warmup', 1n],
        ['member-A', 2n],
        ['member-D', 3n],
      ]);
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
  }
});
