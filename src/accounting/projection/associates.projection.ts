/**
 * The business-associate register as a read model: every event of the `business-associate-` streams, per associate,
 * folded on read by rules/business-associates.ts `foldAssociate` (a register is small: hundreds of associates).
 */
import { ASSOCIATE_STREAM_PREFIX } from '../../events/business-associate.events.js';
import type { StoredEvent } from '../../event-store/event-store.port.js';
import type { Projection } from '../../projections/projection.js';
import type { SqlTx } from '../../projections/read-model-db.js';
import { insertMany } from '../../projections/sql.js';

export const associatesProjection: Projection = {
  name: 'business-associates',
  schema: [
    `CREATE TABLE IF NOT EXISTS ba_events (
       associate_id TEXT NOT NULL, position BIGINT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,
       PRIMARY KEY (associate_id, position))`,
  ],
  tables: ['ba_events'],

  async apply(tx: SqlTx, events: StoredEvent[]): Promise<void> {
    const rows = events
      .filter((e) => e.stream.startsWith(ASSOCIATE_STREAM_PREFIX))
      .map((e) => [e.stream.slice(ASSOCIATE_STREAM_PREFIX.length), e.position, e.type, JSON.stringify(e.data)]);
    if (rows.length > 0) await insertMany(tx, 'ba_events', ['associate_id', 'position', 'type', 'data'], rows);
  },
};
