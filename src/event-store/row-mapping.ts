import type { RecordedBy, StoredEvent } from './event-store.port.js';

/** The columns every adapter stores, as text and integers. */
export interface EventRow {
  position: bigint | string | number;
  stream: string;
  revision: bigint | string | number;
  event_id: string;
  type: string;
  version: number | bigint;
  recorded_at: string;
  recorded_by: string;
  correlation_id: string;
  data: string;
}

/** `data` is parsed lazily: readers that only hash or route events (integrity, catch-up) never pay for it. */
export function toStoredEvent(row: EventRow): StoredEvent {
  let parsed: unknown;
  let isParsed = false;
  const event = {
    eventId: row.event_id,
    type: row.type,
    version: Number(row.version),
    stream: row.stream,
    revision: BigInt(row.revision),
    position: BigInt(row.position),
    recordedAt: row.recorded_at,
    recordedBy: JSON.parse(row.recorded_by) as RecordedBy,
    correlationId: row.correlation_id,
    dataText: row.data,
  } as StoredEvent;
  Object.defineProperty(event, 'data', {
    enumerable: true,
    get: () => {
      if (!isParsed) {
        parsed = JSON.parse(row.data);
        isParsed = true;
      }
      return parsed;
    },
  });
  return event;
}

export function serializeRecordedBy(recordedBy: RecordedBy): string {
  return JSON.stringify({ subject: recordedBy.subject, clientId: recordedBy.clientId ?? null });
}
