import type { DisclosureRecord } from '../member/member-events.js';
import { commandHash } from '../shared/command-hash.js';
import type { Decide } from '../shared/member-command.runner.js';
import { decideRecordDisclosure, type PlanCalendar, type RecordedDisclosure } from './record-disclosure.decider.js';
import type { RecordDisclosureRequestDto } from './record-disclosure.request.dto.js';

export function toDisclosureRecord(r: RecordDisclosureRequestDto): DisclosureRecord {
  return {
    disclosureId: r.disclosureId, memberId: r.memberId, occurredAt: r.occurredAt ?? null,
    occurredPeriod: r.occurredPeriod ? { from: r.occurredPeriod.from, to: r.occurredPeriod.to } : null,
    recipient: { name: r.recipient.name, address: r.recipient.address ?? null, id: r.recipient.id ?? null },
    channel: r.channel, madeBy: r.madeBy ?? null, phiDescription: r.phiDescription, purpose: r.purpose,
    purposeOfUse: r.purposeOfUse ?? null,
    legalBasis: { cfr: r.legalBasis.cfr, permitted: r.legalBasis.permitted, authorizationId: r.legalBasis.authorizationId ?? null,
      rationale: r.legalBasis.rationale ?? null },
    writtenRequestRef: r.writtenRequestRef ?? null, researchProtocolId: r.researchProtocolId ?? null,
    sensitivity: { part2: r.sensitivity?.part2 ?? false, minorConsented: r.sensitivity?.minorConsented ?? false },
    sourceSystem: r.sourceSystem ?? null,
  };
}

/** The decider for one validated request; the command hash covers the normalised record. */
export function recordDisclosure(request: RecordDisclosureRequestDto, calendar: PlanCalendar): Decide<RecordedDisclosure> {
  const disclosure = toDisclosureRecord(request);
  const hash = commandHash(disclosure);
  return (state) => decideRecordDisclosure(state, { disclosure, commandHash: hash }, calendar);
}
