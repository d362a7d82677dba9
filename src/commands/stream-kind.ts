/**
 * A kind of stream (member, accounting request, suspension, research protocol): the state its deciders read and how
 * events fold into it. `fold` is pure: it returns a new state and never changes the one it is given (a cached state
 * may be shared with a decision in flight).
 */

/** An event as a fold sees it: stored (or decided and about to be stored; its position is then a placeholder). */
export interface FoldableEvent {
  type: string;
  data: unknown;
  position: bigint;
}

export interface StreamKind<S> {
  /** for logs and traces: `member`, `accounting-request`, … */
  readonly name: string;
  initial(): S;
  /** `state` with `events` folded in, in order; `state` itself is left as it was */
  fold(state: S, events: readonly FoldableEvent[]): S;
  /**
   * For streams a batch decides many commands on: a private copy of a state (`draft`) and `foldInto`, which folds
   * events into such a copy in place. The handler then folds a batch's decisions, one after another, into one draft
   * instead of copying the state once per command: with copies, n commands on one stream cost O(n²) (10,000 uses of
   * one member in a batch took 14 s of CPU). `fold` is then `foldByDraft(drafts)`, so the two cannot disagree.
   */
  readonly drafts?: Drafts<S>;
  /**
   * Keep folded states between commands (see StateCache): worth it for streams that take many commands over time
   * (a member), not for short entity streams read once or twice.
   */
  readonly cached: boolean;
  /**
   * Decide without reading the stream first: on the initial state, appended with expected revision `any`. For streams
   * whose only invariant is that each command is recorded once (uses: systems report them by the ten thousand, and a
   * read per stream per batch was the write path's largest cost): the store's event ids are unique, so a repeat fails
   * the append (or is recognised as a replay), and then the stream is read and the commands decided again.
   */
  readonly optimistic?: boolean;
}

/** A state's private, changeable copy, and how events change such a copy (StreamKind.drafts). */
export interface Drafts<S> {
  /** a copy that `foldInto` may change without touching `state` (or anything else that shares its entries) */
  draft(state: S): S;
  foldInto(draft: S, events: readonly FoldableEvent[]): void;
}

/** A pure fold made of drafts: a draft of `state` with `events` folded in. */
export function foldByDraft<S>(drafts: Drafts<S>): (state: S, events: readonly FoldableEvent[]) => S {
  return (state, events) => {
    const draft = drafts.draft(state);
    drafts.foldInto(draft, events);
    return draft;
  };
}
