/**
 * The access log (45 CFR 164.312(b) audit controls): every read of a member's records through the ledger is itself
 * an event, appended in batches (`access-log-{batch}` streams, one per batch; access-log/access-log.service.ts).
 * Who read is the event's `recordedBy` (token subject and client); the data says whose records, what (the route
 * template and the format, never the content), when, and how many rows the answer held. Being events, reads are
 * in the Merkle log like everything else: evidence.
 */
import type { EventOf } from './event.js';

export const ACCESS_LOG_STREAM_PREFIX = 'access-log-';

export interface RecordsRead {
  memberId: string;
  /** the reader's roles on the token */
  roles: string[];
  /** the route template (`/v1/members/:memberId/accounting`), never the path: no ids, no query */
  route: string;
  /** json, html, pdf, csv, fhir, ndjson; null where the route has one form */
  format: string | null;
  /** rows of this member in the answer (entries, disclosures, requests) */
  resultCount: number;
  /** when the answer was given (the event is appended up to a batch interval later) */
  readAt: string;
}

export interface AccessLogEventMap {
  RecordsRead: RecordsRead;
}

export type AccessLogEvent = EventOf<AccessLogEventMap>;
