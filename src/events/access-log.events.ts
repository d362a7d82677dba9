/**
 * The access log (45 CFR 164.312(b) audit controls): every read of a member's records through the ledger is itself
 * an event, appended in batches (`access-log-{batch}` streams, one per batch; access-log/access-log.service.ts).
 * One event per read (an answer, or one page of an export): who read is the event's `recordedBy` (token subject and
 * client); the data says whose records (each member the answer named, with how many of their rows it held), what
 * (the route template and the format, never the content) and when. Being events, reads are in the Merkle log like
 * everything else: evidence.
 */
import type { EventOf } from './event.js';

export const ACCESS_LOG_STREAM_PREFIX = 'access-log-';

export interface MemberRows {
  memberId: string;
  /** rows of this member in the answer (entries, disclosures, requests) */
  resultCount: number;
}

export interface RecordsRead {
  /** every member whose records the answer held */
  members: MemberRows[];
  /** the reader's roles on the token */
  roles: string[];
  /** the route template (`/v1/members/:memberId/accounting`), never the path: no ids, no query */
  route: string;
  /** json, html, pdf, csv, fhir, ndjson; null where the route has one form */
  format: string | null;
  /** when the answer was given (the event is appended up to a batch interval later) */
  readAt: string;
}

export interface AccessLogEventMap {
  RecordsRead: RecordsRead;
}

export type AccessLogEvent = EventOf<AccessLogEventMap>;
