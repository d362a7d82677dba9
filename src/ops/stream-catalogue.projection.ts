/**
 * Operations view of the log: every stream with its event count and last event, and counts per event type.
 * Lets operators and auditors see what the ledger holds without reading PHI.
 */
import type { StoredEvent } from '../event-store/event-store.port.js';
import type { Projection } from '../projections/projection.js';
import type { SqlTx } from '../projections/read-model-db.js';
import { insertMany } from '../projections/sql.js';

interface StreamTally {
  events: number;
  firstPosition: bigint;
  lastPosition: bigint;
  lastType: string;
  lastRecordedAt: string;
}

export const streamCatalogueProjection: Projection = {
  name: 'stream-catalogue',
  schema: [
    `CREATE TABLE IF NOT EXISTS ledger_streams (
       stream TEXT PRIMARY KEY, category TEXT NOT NULL, events BIGINT NOT NULL,
       first_position BIGINT NOT NULL, last_position BIGINT NOT NULL, last_type TEXT NOT NULL, last_recorded_at TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ledger_event_types (type TEXT PRIMARY KEY, events BIGINT NOT NULL)`,
  ],
  tables: ['ledger_streams', 'ledger_event_types'],

  async apply(tx: SqlTx, events: StoredEvent[]): Promise<void> {
    const streams = new Map<string, StreamTally>();
    const types = new Map<string, number>();
    for (const e of events) {
      const tally = streams.get(e.stream);
      if (tally) {
        tally.events++;
        tally.lastPosition = e.position;
        tally.lastType = e.type;
        tally.lastRecordedAt = e.recordedAt;
      } else {
        streams.set(e.stream, {
          events: 1,
          firstPosition: e.position,
          lastPosition: e.position,
          lastType: e.type,
          lastRecordedAt: e.recordedAt,
        });
      }
      types.set(e.type, (types.get(e.type) ?? 0) + 1);
    }
    // multi-row upserts (a batch touches thousands of member streams: one statement per stream is one round trip each
    // on PostgreSQL; docs/benchmarks.md); each key appears once per statement, as ON CONFLICT DO UPDATE requires
    await insertMany(
      tx,
      'ledger_streams',
      ['stream', 'category', 'events', 'first_position', 'last_position', 'last_type', 'last_recorded_at'],
      [...streams].map(([stream, t]) => [
        stream,
        stream.split('-')[0],
        t.events,
        t.firstPosition,
        t.lastPosition,
        t.lastType,
        t.lastRecordedAt,
      ]),
      `ON CONFLICT (stream) DO UPDATE SET events = ledger_streams.events + excluded.events,
         last_position = excluded.last_position, last_type = excluded.last_type, last_recorded_at = excluded.last_recorded_at`,
    );
    await insertMany(
      tx,
      'ledger_event_types',
      ['type', 'events'],
      [...types],
      'ON CONFLICT (type) DO UPDATE SET events = ledger_event_types.events + excluded.events',
    );
  },
};
