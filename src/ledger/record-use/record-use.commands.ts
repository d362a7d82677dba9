import { commandHash } from '../shared/command-hash.js';
import type { Decide } from '../shared/member-command.runner.js';
import { recordOnce, type FactResult } from '../member-facts/member-facts.decider.js';
import type { RecordUseRequestDto } from './record-use.request.dto.js';

/** A use is recorded once per useId; it is never part of the 164.528 accounting (uses are not disclosures). */
export function recordUse(b: RecordUseRequestDto): Decide<FactResult> {
  const data = {
    useId: b.useId,
    memberId: b.memberId,
    occurredAt: b.occurredAt,
    actor: { id: b.actor.id, name: b.actor.name, role: b.actor.role },
    action: b.action,
    phiDescription: b.phiDescription,
    purposeOfUse: b.purposeOfUse ?? null,
    sourceSystem: b.sourceSystem ?? null,
  };
  const hash = commandHash(data);
  return (state) =>
    recordOnce(state, {
      key: `use:${b.useId}`,
      hash,
      what: 'use',
      id: b.useId,
      event: { type: 'PhiUsed', eventId: `use:${b.memberId}:${b.useId}`, data: { commandHash: hash, ...data } },
      result: { memberId: b.memberId, useId: b.useId },
    });
}
