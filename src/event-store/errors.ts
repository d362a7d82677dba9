import type { ExpectedRevision } from './event-store.port.js';

/** The stream was not at the revision the caller expected. Handlers reload and retry (bounded). */
export class RevisionConflictError extends Error {
  readonly code = 'REVISION_CONFLICT';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | null,
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${actual === null ? 'no stream' : actual}`);
  }
}

/** An event id is already stored with other content (or in another stream / another order). */
export class EventIdConflictError extends Error {
  readonly code = 'ID_CONFLICT';
  constructor(readonly eventId: string) {
    super(`event id ${eventId} is already stored with other content`);
  }
}

/** The store refuses to start (unsafe durability settings, unreachable server, bad schema). */
export class StoreConfigurationError extends Error {
  readonly code = 'STORE_MISCONFIGURED';
}

/** A commit could not be made (the writer thread died, the disk is full, I/O failed): nothing of it is stored,
 * nothing was acknowledged, and the command can be retried as it is (event ids make a retry idempotent). */
export class StoreUnavailableError extends Error {
  readonly code = 'STORE_UNAVAILABLE';
}
