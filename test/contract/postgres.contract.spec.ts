import { describe, it } from '@jest/globals';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.js';
import { dropSchema, freshSchema, pgTestTarget } from '../support/postgres.js';
import { describeEventStoreContract } from './event-store.contract.js';

const target = await pgTestTarget();

if (target.url) {
  const url = target.url;
  describeEventStoreContract('postgres', () => {
    const schema = freshSchema('contract');
    return {
      open: () => PostgresEventStore.open({ connectionString: url, schema }),
      destroy: () => dropSchema(url, schema),
    };
  });
} else {
  describe('event store contract: postgres', () => {
    it.skip(target.skipReason!, () => undefined);
  });
}
