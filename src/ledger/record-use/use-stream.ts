/**
 * A use stream (`uses-{YYYY-MM}-{memberId}`, events/use.events.ts): its state is the uses recorded on it, by useId,
 * for replays. Optimistic (commands/stream-kind.ts): a use is decided without reading the stream, and the stream is
 * read only when the store finds one of its ids already recorded (a retry). Not cached: caching would crowd member
 * states (which every disclosure decision needs) out of the state cache.
 */
import type { RecordedCommand } from '../../commands/decision.js';
import { foldByDraft, type Drafts, type FoldableEvent, type StreamKind } from '../../commands/stream-kind.js';
import type { PhiUsed } from '../../events/use.events.js';

export type UseLedger = ReadonlyMap<string, RecordedCommand>;

const drafts: Drafts<UseLedger> = {
  draft: (state) => new Map(state),
  foldInto(draft, events: readonly FoldableEvent[]) {
    for (const e of events) {
      if (e.type !== 'PhiUsed') continue;
      const d = e.data as PhiUsed;
      (draft as Map<string, RecordedCommand>).set(d.useId, { hash: d.commandHash, position: e.position });
    }
  },
};

export const useStreamKind: StreamKind<UseLedger> = {
  name: 'member-uses',
  initial: () => new Map(),
  fold: foldByDraft(drafts),
  drafts,
  cached: false,
  optimistic: true,
};
