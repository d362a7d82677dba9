/**
 * The access log (45 CFR 164.312(b) audit controls): every read of a member's records through the ledger is recorded
 * in the log, in batches (access-log/access-log.service.ts): one `ReadsRecorded` event per batch, on its own
 * `access-log-{batch}` stream, holding each read (an answer, or one page of an export): who read (token subject and
 * client), whose records (each member the answer named, with how many of their rows it held), what (the route
 * template and the format, never the content) and when. Being events, reads are in the Merkle log like everything
 * else: evidence. (Until access-log version 2, each read was its own `RecordsRead` event, whose `recordedBy` was the
 * reader; those stay in the log and are read alike.)
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

/** One read in a batch: what RecordsRead held, with the reader (a batch is recorded by the service itself). */
export interface RecordedRead extends RecordsRead {
  reader: { subject: string; clientId: string | null };
  /** the request's correlation id (X-Request-Id), to find the read in the service's logs */
  correlationId: string;
}

export interface ReadsRecorded {
  reads: RecordedRead[];
}

/** Who records a batch of reads (its envelope's `recordedBy`): the service; each read names its reader. */
export const ACCESS_LOG_RECORDER = { subject: 'phi-ledger:access-log', clientId: null };

export interface AccessLogEventMap {
  RecordsRead: RecordsRead;
  ReadsRecorded: ReadsRecorded;
}

export type AccessLogEvent = EventOf<AccessLogEventMap>;
