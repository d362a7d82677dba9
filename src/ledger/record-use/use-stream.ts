/**
 * A use stream (`uses-{YYYY-MM}-{memberId}`, events/use.events.ts): its state is the uses recorded on it, by useId,
 * for replays. Optimistic (commands/stream-kind.ts): a use is decided without reading the stream, and the stream is
 * read only when the store finds one of its ids already recorded (a retry). Not cached: caching would crowd member
 * states (which every disclosure decision needs) out of the state cache.
 */
import type { RecordedCommand } from '../../commands/decision.js';
import type { FoldableEvent, StreamKind } from '../../commands/stream-kind.js';
import type { PhiUsed } from '../../events/use.events.js';

export type UseLedger = ReadonlyMap<string, RecordedCommand>;

export const useStreamKind: StreamKind<UseLedger> = {
  name: 'member-uses',
  initial: () => new Map(),
  fold(state, events: readonly FoldableEvent[]) {
    const next = new Map(state);
    for (const e of events) {
      if (e.type !== 'PhiUsed') continue;
      const d = e.data as PhiUsed;
      next.set(d.useId, { hash: d.commandHash, position: e.position });
    }
    return next;
  },
  cached: false,
  optimistic: true,
};
