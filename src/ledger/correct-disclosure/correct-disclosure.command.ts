/**
 * Corrections and voids (api.md "Commands"): they name a disclosure, not its member; the handler finds the member
 * stream that holds the disclosure (disclosure ids are unique across the ledger).
 */
import { commandHash } from '../../commands/command-hash.js';
import { LedgerCommand, type StreamTarget, type UseCase } from '../../commands/ledger-command.js';
import { ledgerError } from '../../commands/ledger-error.js';
import { disclosureEventId, MEMBER_STREAM_PREFIX, type DisclosureCorrected } from '../../events/member.events.js';
import { memberStreamKind, type MemberLedger } from '../member/member-state.js';
import { decideCorrection, decideVoid, type CorrectionResult } from './correct-disclosure.decider.js';
import type { AssociateOnFile } from '../../rules/business-associates.js';
import { consultedAssociate } from '../business-associates/associate.command.js';
import { associateOf } from '../record-disclosure/legal-basis.js';
import type {
  CorrectDisclosureRequestDto,
  DisclosureChangesDto,
  VoidDisclosureRequestDto,
} from './correct-disclosure.request.dto.js';

export interface CorrectDisclosure {
  disclosureId: string;
  correctionId: string;
  changes: DisclosureCorrected['changes'];
  reason: string;
  commandHash: string;
  /** when the ledger received it (not hashed) */
  receivedAt: string;
}

export interface VoidDisclosure {
  disclosureId: string;
  voidId: string;
  reason: string;
  commandHash: string;
}

/** The member stream holding the disclosure's PhiDisclosed event. */
const streamOfDisclosure = (disclosureId: string): StreamTarget => ({
  streamOfEvent: disclosureEventId(disclosureId),
  prefix: MEMBER_STREAM_PREFIX,
  notFound: ledgerError(404, 'UNKNOWN_DISCLOSURE', `no disclosure ${disclosureId} is recorded`),
});

/** Only the fields the request names; a new time replaces the other form of it (an instant or a period). */
function toChanges(c: DisclosureChangesDto): DisclosureCorrected['changes'] {
  const changes: DisclosureCorrected['changes'] = {};
  if (c.recipient)
    changes.recipient = { name: c.recipient.name, address: c.recipient.address ?? null, id: c.recipient.id ?? null };
  if (c.occurredAt) changes.occurredAt = c.occurredAt;
  if (c.occurredPeriod) changes.occurredPeriod = { from: c.occurredPeriod.from, to: c.occurredPeriod.to };
  if (c.legalBasis) {
    changes.legalBasis = {
      cfr: c.legalBasis.cfr,
      permitted: c.legalBasis.permitted,
      authorizationId: c.legalBasis.authorizationId ?? null,
      rationale: c.legalBasis.rationale ?? null,
    };
  }
  for (const key of ['phiDescription', 'purpose', 'purposeOfUse', 'madeBy', 'writtenRequestRef', 'channel'] as const) {
    if (c[key] !== undefined) (changes as Record<string, unknown>)[key] = c[key];
  }
  return changes;
}

export function toCorrectDisclosure(
  disclosureId: string,
  request: CorrectDisclosureRequestDto,
  receivedAt = new Date().toISOString(),
): CorrectDisclosure {
  const changes = toChanges(request.changes);
  const body = { disclosureId, correctionId: request.correctionId, changes, reason: request.reason };
  return { ...body, commandHash: commandHash(body), receivedAt };
}

export function toVoidDisclosure(disclosureId: string, request: VoidDisclosureRequestDto): VoidDisclosure {
  const body = { disclosureId, voidId: request.voidId, reason: request.reason };
  return { ...body, commandHash: commandHash(body) };
}

export class CorrectDisclosureCommand extends LedgerCommand<CorrectDisclosure, CorrectionResult> {
  static readonly useCase: UseCase<CorrectDisclosure, MemberLedger, CorrectionResult> = {
    kind: memberStreamKind,
    target: (c) => streamOfDisclosure(c.disclosureId),
    // the corrected disclosure is judged against the register entry its (corrected) recipient names
    consults: (c, state) => {
      const stored = state.disclosures.get(c.disclosureId)?.data;
      if (!stored) return null;
      return consultedAssociate(associateOf({ ...stored, ...c.changes }));
    },
    decide: (c, state, plan, associate) => decideCorrection(c, state, plan, associate as AssociateOnFile | null),
  };
}

export class VoidDisclosureCommand extends LedgerCommand<VoidDisclosure, CorrectionResult> {
  static readonly useCase: UseCase<VoidDisclosure, MemberLedger, CorrectionResult> = {
    kind: memberStreamKind,
    target: (c) => streamOfDisclosure(c.disclosureId),
    decide: (command, state) => decideVoid(command, state),
  };
}
