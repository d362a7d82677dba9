import type { StoredEvent } from '../event-store/event-store.port.js';
import type { SqlTx } from './read-model-db.js';

/** The projections the service runs (provided by the composition root: this folder knows none of them). */
export const PROJECTIONS = Symbol('PROJECTIONS');
/** The compiled entry of the worker thread that runs them (LEDGER_PROJECTIONS_THREAD=worker), a file URL. */
export const PROJECTION_WORKER = Symbol('PROJECTION_WORKER');

/**
 * A read model built from the global log. `apply` must only touch its own tables through `tx`: the runner
 * stores the new checkpoint in the same transaction, so each event takes effect exactly once.
 */
export interface Projection {
  readonly name: string;
  /** portable DDL (SQLite and PostgreSQL), idempotent (IF NOT EXISTS) */
  readonly schema: string[];
  /** the tables a rebuild empties */
  readonly tables: string[];
  /**
   * Indexes that only queries use, never `apply` (portable, `CREATE INDEX IF NOT EXISTS name ON …`): created with the
   * schema, but a rebuild from an empty read model drops them and builds each once after the log is replayed (one
   * sort) instead of entry by entry. An index `apply` reads through (a lookup per event) belongs in `schema`: without
   * it a rebuild would scan the table for each event.
   */
  readonly queryIndexes?: string[];
  /**
   * The read model's schema version (1 when absent). Bump it when the tables or the meaning of their rows change:
   * on start, a read model built at another version is dropped (its `tables` and `retiredTables`) and rebuilt from
   * the log.
   */
  readonly version?: number;
  /** tables earlier versions had and this one no longer uses (dropped on a version change) */
  readonly retiredTables?: string[];
  apply(tx: SqlTx, events: StoredEvent[]): Promise<void>;
}
