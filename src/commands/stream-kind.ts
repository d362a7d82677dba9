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
}
