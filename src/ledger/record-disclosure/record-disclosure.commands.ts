import type { DisclosureRecord } from '../member/member-events.js';
import { commandHash } from '../shared/command-hash.js';
import type { Decide } from '../shared/member-command.runner.js';
import { decideRecordDisclosure, type PlanCalendar, type RecordedDisclosure } from './record-disclosure.decider.js';
import type { RecordDisclosureRequestDto } from './record-disclosure.request.dto.js';

/**
 * The normalised record. Keys are written in sorted order at every level, so that its canonical JSON (the command
 * hash's input) is JSON.stringify's text, made without a sorted copy (command-hash.ts).
 */
export function toDisclosureRecord(r: RecordDisclosureRequestDto): DisclosureRecord {
  return {
    channel: r.channel,
    disclosureId: r.disclosureId,
    legalBasis: {
      authorizationId: r.legalBasis.authorizationId ?? null,
      cfr: r.legalBasis.cfr,
      permitted: r.legalBasis.permitted,
      rationale: r.legalBasis.rationale ?? null,
    },
    madeBy: r.madeBy ?? null,
    memberId: r.memberId,
    occurredAt: r.occurredAt ?? null,
    occurredPeriod: r.occurredPeriod ? { from: r.occurredPeriod.from, to: r.occurredPeriod.to } : null,
    phiDescription: r.phiDescription,
    purpose: r.purpose,
    purposeOfUse: r.purposeOfUse ?? null,
    recipient: { address: r.recipient.address ?? null, id: r.recipient.id ?? null, name: r.recipient.name },
    researchProtocolId: r.researchProtocolId ?? null,
    sensitivity: { minorConsented: r.sensitivity?.minorConsented ?? false, part2: r.sensitivity?.part2 ?? false },
    sourceSystem: r.sourceSystem ?? null,
    writtenRequestRef: r.writtenRequestRef ?? null,
  };
}

/** The decider for one validated request; the command hash covers the normalised record. */
export function recordDisclosure(
  request: RecordDisclosureRequestDto,
  calendar: PlanCalendar,
): Decide<RecordedDisclosure> {
  const disclosure = toDisclosureRecord(request);
  const hash = commandHash(disclosure);
  return (state) => decideRecordDisclosure(state, { disclosure, commandHash: hash }, calendar);
}
