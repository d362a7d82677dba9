/**
 * RecordUse (api.md `POST /v1/uses`): an internal use of a member's PHI by workforce or systems. Recorded once per
 * useId on the member's stream; never part of the 164.528 accounting (uses are not disclosures).
 */
import { commandHash } from '../../commands/command-hash.js';
import { LedgerCommand } from '../../commands/ledger-command.js';
import type { PhiUsed } from '../../events/member.events.js';
import type { FactResult, RecordFact } from '../member-facts/member-facts.decider.js';
import { recordFact } from '../member-facts/member-facts.command.js';
import type { RecordUseRequestDto } from './record-use.request.dto.js';

export function toUse(b: RecordUseRequestDto): RecordFact {
  const payload: Omit<PhiUsed, 'commandHash'> = {
    useId: b.useId,
    memberId: b.memberId,
    occurredAt: b.occurredAt,
    actor: { id: b.actor.id, name: b.actor.name, role: b.actor.role },
    action: b.action,
    phiDescription: b.phiDescription,
    purposeOfUse: b.purposeOfUse ?? null,
    sourceSystem: b.sourceSystem ?? null,
  };
  return { memberId: b.memberId, type: 'PhiUsed', data: { ...payload, commandHash: commandHash(payload) } };
}

export class RecordUseCommand extends LedgerCommand<RecordFact, FactResult> {
  static readonly useCase = recordFact;
}
