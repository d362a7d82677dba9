/**
 * What every stream's events share (architecture.md §3): a stable type name, a payload, and a deterministic id
 * that makes a retried command idempotent. The store adds the envelope (position, revision, recordedAt, …).
 */

/** The events of one stream kind as a union, from its map of type name → payload. */
export type EventOf<Payloads> = {
  [K in keyof Payloads & string]: { type: K; eventId: string; data: Payloads[K] };
}[keyof Payloads & string];

/** A plan-date range, both ends included (YYYY-MM-DD). */
export interface Period {
  from: string;
  to: string;
}

/** A recorded payload without the hash of the command that recorded it (what is shown of a fact or a step). */
export const withoutCommandHash = <T extends { commandHash: string }>(data: T): Omit<T, 'commandHash'> => {
  const { commandHash: _hash, ...rest } = data;
  return rest;
};
