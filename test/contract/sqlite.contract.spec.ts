import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { describeEventStoreContract } from './event-store.contract.js';

describeEventStoreContract('sqlite (file, WAL, synchronous=FULL)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-contract-'));
  return {
    open: async () => new SqliteEventStore(join(dir, 'ledger.sqlite')),
    destroy: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
