import { describe, it } from '@jest/globals';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.js';
import { dropSchema, freshSchema, pgTestTarget } from '../support/postgres.js';
import { CONTRACT_FACT_TYPES, CONTRACT_SEALING, describeEventStoreContract } from './event-store.contract.js';

const target = await pgTestTarget();

if (target.url) {
  const url = target.url;
  // both places the one writer can run: the store's own connection (CLI, tools) and the service's writer thread
  for (const writer of ['inline', 'thread'] as const) {
    describeEventStoreContract(`postgres (writer ${writer})`, () => {
      const schema = freshSchema('contract');
      return {
        open: (sealing = CONTRACT_SEALING, factTypes = CONTRACT_FACT_TYPES) =>
          PostgresEventStore.open({ connectionString: url, schema, writer, sealing, factTypes }),
        destroy: () => dropSchema(url, schema),
      };
    });
  }
} else {
  describe('event store contract: postgres', () => {
    it.skip(target.skipReason!, () => undefined);
  });
}
