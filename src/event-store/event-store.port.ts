/**
 * The event store port. Every adapter (sqlite, postgres, kurrentdb) passes the same contract suite
 * (test/contract/event-store.contract.ts). Revisions are 0-based per stream; positions are 1-based,
 * gap-free and strictly increasing in commit order over the global log.
 */
import type { EventSeal } from './seal.js';

export const EVENT_STORE = Symbol('EVENT_STORE');

/** 'any' skips the check; 'no-stream' demands an empty stream; 'exists' a non-empty one; a bigint the current last revision. */
export type ExpectedRevision = 'any' | 'no-stream' | 'exists' | bigint;

export interface RecordedBy {
  /** token subject (a service, a privacy officer, a member) */
  subject: string;
  /** OAuth client id or service name, when known */
  clientId?: string | null;
}

/** What a caller hands to `append`. */
export interface NewEvent<T = unknown> {
  eventId: string;
  type: string;
  version?: number;
  data: T;
  recordedBy: RecordedBy;
  correlationId: string;
}

/** The envelope as stored (architecture.md §3). */
export interface StoredEvent<T = unknown> {
  eventId: string;
  type: string;
  version: number;
  stream: string;
  revision: bigint;
  position: bigint;
  recordedAt: string;
  recordedBy: RecordedBy;
  correlationId: string;
  data: T;
  /** the exact stored JSON text of `data` (what integrity hashes); `data` is parsed from it on first use */
  dataText: string;
  /** readAll only: the writer's seal when a commit ended at this event (seal.ts); null otherwise */
  seal?: EventSeal | null;
}

export interface AppendResult {
  /** the stream's revision after the append (the last event's revision) */
  nextRevision: bigint;
  /** the global positions of the appended events, in order */
  positions: bigint[];
  /** true when every event id was already stored with the same content: nothing was written */
  replayed: boolean;
}

/** A stream's facts (EventStore.readStreamFacts): its events of the fact types, and its last revision. */
export interface StreamFacts {
  events: StoredEvent[];
  /** the stream's last revision, whatever the type of its last event (null: the stream is empty) */
  revision: bigint | null;
}

export interface EventStore {
  /** which adapter this is: sqlite | postgres | kurrentdb */
  readonly kind: string;
  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  readStream(stream: string, fromRevision?: bigint): Promise<StoredEvent[]>;
  /**
   * The stream's events of the fact types the store was opened with (StoreSettings.factTypes: a partial index holds
   * only those), in revision order, and the stream's last revision: what a decision that needs a few of a long
   * stream's events reads, to append with that revision expected. Opened with no fact types, every event is a fact.
   */
  readStreamFacts(stream: string): Promise<StreamFacts>;
  /** events with position > afterPosition, in position order, at most `limit` */
  readAll(afterPosition: bigint, limit: number): Promise<StoredEvent[]>;
  /** the stream holding an event id, or null (event ids are unique across the log) */
  streamOf(eventId: string): Promise<string | null>;
  /** the highest position a reader can see (0n when the log is empty) */
  head(): Promise<bigint>;
  /** cheap liveness probe for /health/ready */
  ping(): Promise<void>;
  /** resolves when an append may have moved the head (in-process or, for postgres, LISTEN/NOTIFY); used by subscriptions */
  onAppended(listener: () => void): () => void;
  close(): Promise<void>;
}
