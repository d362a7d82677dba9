import type { MemberEvent } from '../member/member-events.js';

/**
 * What a decider returns when it accepts a command: the events to append and the response body (without
 * `position`, which the store assigns). A replay carries no events and the original position.
 */
export interface Decision<R, E extends { type: string; eventId: string; data: unknown } = MemberEvent> {
  events: E[];
  result: R;
  replayedAt?: bigint;
}
