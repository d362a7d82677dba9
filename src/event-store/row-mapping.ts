import type { RecordedBy, StoredEvent } from './event-store.port.js';
import type { SealKind } from './seal.js';

/** The columns of the events table, in the order every adapter writes and reads them. */
export const EVENT_COLUMNS =
  'position, stream, revision, event_id, type, version, recorded_at, recorded_by, correlation_id, data';

/** The same columns qualified by a table alias (`e.position, e.stream, …`), for joins. */
export const eventColumnsOf = (alias: string) =>
  EVENT_COLUMNS.split(', ')
    .map((c) => `${alias}.${c}`)
    .join(', ');

/** A commit's seal (seal.ts), joined to the event at its position by readAll (null elsewhere). */
export const SEAL_COLUMNS = 's.chain AS seal_chain, s.signature AS seal_signature, s.kind AS seal_kind';

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
  seal_chain?: string | null;
  seal_signature?: string | null;
  seal_kind?: string | null;
}

/** `data` and `recordedBy` are parsed lazily: readers that only hash or route events never pay for them. */
export function toStoredEvent(row: EventRow): StoredEvent {
  const event = {
    eventId: row.event_id,
    type: row.type,
    version: Number(row.version),
    stream: row.stream,
    revision: BigInt(row.revision),
    position: BigInt(row.position),
    recordedAt: row.recorded_at,
    correlationId: row.correlation_id,
    dataText: row.data,
  } as StoredEvent;
  if (row.seal_chain)
    event.seal = { chain: row.seal_chain, signature: row.seal_signature!, kind: row.seal_kind as SealKind };
  lazyJson(event, 'recordedBy', row.recorded_by);
  lazyJson(event, 'data', row.data);
  return event;
}

/** Defines `key` as the JSON value of `text`, parsed on first read and then kept. */
function lazyJson(target: object, key: string, text: string): void {
  let parsed: unknown;
  let isParsed = false;
  Object.defineProperty(target, key, {
    enumerable: true,
    get: () => {
      if (!isParsed) {
        parsed = JSON.parse(text);
        isParsed = true;
      }
      return parsed;
    },
  });
}

export function serializeRecordedBy(recordedBy: RecordedBy): string {
  return JSON.stringify({ subject: recordedBy.subject, clientId: recordedBy.clientId ?? null });
}
