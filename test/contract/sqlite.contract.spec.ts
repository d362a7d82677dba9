import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreUnavailableError } from '../../src/event-store/errors.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { CONTRACT_SEALING, describeEventStoreContract } from './event-store.contract.js';

// The same contract for both places the one writer can run: on the calling thread (CLI, tools) and on the
// writer thread the service uses (the compiled dist/ worker, which `npm test` builds first).
for (const writer of ['inline', 'thread'] as const) {
  describeEventStoreContract(`sqlite (file, WAL, synchronous=FULL, writer ${writer})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-contract-'));
    return {
      open: async (sealing = CONTRACT_SEALING) => new SqliteEventStore(join(dir, 'ledger.sqlite'), { writer, sealing }),
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
