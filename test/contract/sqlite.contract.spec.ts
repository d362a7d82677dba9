import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { describeEventStoreContract } from './event-store.contract.js';

// The same contract for both places the one writer can run: on the calling thread (CLI, tools) and on the
// writer thread the service uses (the compiled dist/ worker, which `npm test` builds first).
for (const writer of ['inline', 'thread'] as const) {
  describeEventStoreContract(`sqlite (file, WAL, synchronous=FULL, writer ${writer})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-contract-'));
    return {
      open: async () => new SqliteEventStore(join(dir, 'ledger.sqlite'), { writer }),
      destroy: async () => rmSync(dir, { recursive: true, force: true }),
    };
  });
}
