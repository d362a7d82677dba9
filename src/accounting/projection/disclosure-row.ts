import type { DisclosureRow } from '../engine/engine-types.js';
import type { DisclosureCorrected, PhiDisclosed } from '../../events/member.events.js';

/** The engine's view of a recorded disclosure (the ledger's judged `permitted`, not the claimed one). */
export function disclosureRowOf(d: PhiDisclosed, position: number, recordedAt: string): DisclosureRow {
  return {
    disclosureId: d.disclosureId,
    memberId: d.memberId,
    position,
    recordedAt,
    occurredAt: d.occurredAt,
    occurredPeriod: d.occurredPeriod,
    recipient: { name: d.recipient.name, address: d.recipient.address ?? null, id: d.recipient.id ?? null },
    channel: d.channel,
    madeBy: d.madeBy,
    phiDescription: d.phiDescription,
    purpose: d.purpose,
    purposeOfUse: d.purposeOfUse,
    cfr: d.legalBasis.cfr,
    permitted: d.permitted,
    writtenRequestRef: d.writtenRequestRef,
    researchProtocolId: d.researchProtocolId,
    minorConsented: d.sensitivity.minorConsented,
    part2: d.sensitivity.part2,
    viaEhr: d.sensitivity.viaEhr ?? false,
    voided: false,
  };
}

/** A correction's changes applied to the row (nothing is lost: the previous version stays as a revision). */
export function correctedRow(row: DisclosureRow, c: DisclosureCorrected): DisclosureRow {
  const { legalBasis, recipient, ...rest } = c.changes;
  return {
    ...row,
    ...rest,
    ...(recipient
      ? { recipient: { name: recipient.name, address: recipient.address ?? null, id: recipient.id ?? null } }
      : {}),
    ...(legalBasis ? { cfr: legalBasis.cfr } : {}),
    permitted: c.permitted,
  };
}
