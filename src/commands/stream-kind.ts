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
