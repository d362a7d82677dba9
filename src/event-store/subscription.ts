/**
 * Catch-up subscription over the global log: reads from a position in batches, hands each batch to the
 * handler in order, then waits for the store's append signal (or the poll interval, for writers in other
 * processes) and continues. Never skips or repeats a position as long as the handler does not throw.
 */
import type { EventStore, StoredEvent } from './event-store.port.js';

export interface SubscriptionOptions {
  batchSize?: number;
  /** fallback polling interval when no append signal arrives */
  pollMs?: number;
  signal?: AbortSignal;
}

export async function subscribeToAll(
  store: EventStore,
  afterPosition: bigint,
  handle: (events: StoredEvent[]) => Promise<void> | void,
  { batchSize = 500, pollMs = 250, signal }: SubscriptionOptions = {},
): Promise<bigint> {
  let position = afterPosition;
  let wake: (() => void) | null = null;
  let pending: boolean;
  const stopListening = store.onAppended(() => {
    pending = true;
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  try {
    while (!signal?.aborted) {
      pending = false;
      const events = await store.readAll(position, batchSize);
      if (events.length > 0) {
        await handle(events);
        position = events[events.length - 1].position;
        continue;
      }
      if (pending) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
    return position;
  } finally {
    stopListening();
    signal?.removeEventListener('abort', onAbort);
  }
}
