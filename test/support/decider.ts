/**
 * Decider specifications read as given / when / then (style.md):
 *
 *   decider(RecordDisclosureCommand.useCase)
 *     .given({ type: 'AuthorizationRecorded', data: { … } })          // the stream so far (positions 1, 2, …)
 *     .when(command)                                                   // the command's data
 *     .then([{ type: 'PhiDisclosed', data: { permitted: true } }])     // the events (each matched as a subset)
 *     // or .then({ status: 422, code: 'INVALID_LEGAL_BASIS' })        // a refusal
 *     // or .thenNothingHappened()                                     // a replay: no events, the first answer
 *
 * `then` and `thenNothingHappened` return the decision, so a spec can go on to check its result.
 */
import { expect } from '@jest/globals';
import type { Decision, DecidedEvent } from '../../src/commands/decision.js';
import type { UseCase } from '../../src/commands/ledger-command.js';
import { isLedgerError, type LedgerError } from '../../src/commands/ledger-error.js';
import { DEFAULT_POLICY, type AccountingPolicy } from '../../src/rules/policy.js';

export interface GivenEvent {
  type: string;
  data: unknown;
}

type ExpectedEvent = { type: string; eventId?: string; data?: Record<string, unknown> };
type ExpectedRefusal = Partial<Omit<LedgerError, 'kind'>>;

export class Then<R> {
  constructor(readonly outcome: Decision<R> | LedgerError) {}

  /** The events expected (each a subset of the one decided, in order), or the refusal expected. */
  then(expected: ExpectedEvent[] | ExpectedRefusal): Decision<R> {
    if (Array.isArray(expected)) {
      if (isLedgerError(this.outcome)) throw new Error(`refused: ${this.outcome.code} ${this.outcome.detail}`);
      expect(this.outcome.events).toHaveLength(expected.length);
      expect(this.outcome.events).toMatchObject(expected);
      return this.outcome;
    }
    expect(this.outcome).toMatchObject({ kind: 'ledger-error', ...expected });
    return this.outcome as never;
  }

  /** A replay: nothing to append, answered with the first result and where it was recorded. */
  thenNothingHappened(): Decision<R> & { replayedAt: bigint } {
    if (isLedgerError(this.outcome)) throw new Error(`refused: ${this.outcome.code} ${this.outcome.detail}`);
    expect(this.outcome.events).toEqual([]);
    expect(typeof this.outcome.replayedAt).toBe('bigint');
    return this.outcome as Decision<R> & { replayedAt: bigint };
  }

  /** The accepted decision (for a spec that checks its result or events in its own way). */
  get decision(): Decision<R> {
    if (isLedgerError(this.outcome)) throw new Error(`refused: ${this.outcome.code} ${this.outcome.detail}`);
    return this.outcome;
  }

  /** The events decided, folded on top of the history: the next `given`. */
  get events(): DecidedEvent[] {
    return this.decision.events;
  }
}

export function decider<C, S, R>(useCase: UseCase<C, S, R>, policy: AccountingPolicy = DEFAULT_POLICY) {
  const stateOf = (history: readonly GivenEvent[]) =>
    useCase.kind.fold(
      useCase.kind.initial(),
      history.map((e, i) => ({ type: e.type, data: e.data, position: BigInt(i + 1) })),
    );
  return {
    given(...history: GivenEvent[]) {
      const state = stateOf(history);
      return {
        state,
        /** `consulted`: the state of the stream the use case consults (UseCase.consults), when it does */
        when: (command: C, consulted?: unknown) => new Then<R>(useCase.decide(command, state, policy, consulted)),
      };
    },
  };
}
