/**
 * RecordUse (api.md `POST /v1/uses`): an internal use of a member's PHI by workforce or systems. Recorded once per
 * useId on the member's use stream for the month (events/use.events.ts); never part of the 164.528 accounting (uses
 * are not disclosures), always part of the access report.
 */
import { commandHash } from '../../commands/command-hash.js';
import { LedgerCommand, type UseCase } from '../../commands/ledger-command.js';
import { useStream, type PhiUsed } from '../../events/use.events.js';
import { decideUse, type UseResult } from './record-use.decider.js';
import type { RecordUseRequestDto } from './record-use.request.dto.js';
import { useStreamKind, type UseLedger } from './use-stream.js';

export function toUse(b: RecordUseRequestDto): PhiUsed {
  const payload: Omit<PhiUsed, 'commandHash'> = {
    useId: b.useId,
    memberId: b.memberId,
    occurredAt: b.occurredAt,
    actor: { id: b.actor.id, name: b.actor.name, role: b.actor.role },
    action: b.action,
    phiDescription: b.phiDescription,
    purposeOfUse: b.purposeOfUse ?? null,
    sourceSystem: b.sourceSystem ?? null,
    // only when given: a use without a context hashes (and replays) as it did before contexts existed
    ...(b.context ? { context: { kind: b.context.kind, id: b.context.id } } : {}),
  };
  return { ...payload, commandHash: commandHash(payload) };
}

export const recordUse: UseCase<PhiUsed, UseLedger, UseResult> = {
  kind: useStreamKind,
  target: (use) => ({ stream: useStream(use.memberId, use.occurredAt) }),
  decide: (use, state) => decideUse(use, state),
};

export class RecordUseCommand extends LedgerCommand<PhiUsed, UseResult> {
  static readonly useCase = recordUse;
}
