/** RecordDisclosure (api.md "Commands"): the disclosure as the ledger keeps it, and the hash of what was asked. */
import { commandHash } from '../../commands/command-hash.js';
import { LedgerCommand, type UseCase } from '../../commands/ledger-command.js';
import { memberStream, type DisclosureRecord, type Sensitivity } from '../../events/member.events.js';
import { memberStreamKind, type MemberLedger } from '../member/member-state.js';
import { decideRecordDisclosure, type RecordedDisclosure } from './record-disclosure.decider.js';
import type { RecordDisclosureRequestDto, SensitivityDto } from './record-disclosure.request.dto.js';
import { associateOf } from './legal-basis.js';
import { consultedAssociate } from '../business-associates/associate.command.js';
import type { AssociateOnFile } from '../../rules/business-associates.js';

export interface RecordDisclosure {
  disclosure: DisclosureRecord;
  /** a retry with the same id and the same hash replays; another hash conflicts */
  commandHash: string;
  /** when the ledger received it (not hashed: a retry replays whenever it arrives) */
  receivedAt: string;
}

/** The Part 2 fields only when given: a command recorded before they existed keeps its hash (and replays). */
function sensitivityOf(s: SensitivityDto | undefined): Sensitivity {
  const proceedings = s?.part2Proceedings;
  return {
    part2: s?.part2 ?? false,
    minorConsented: s?.minorConsented ?? false,
    ...(proceedings
      ? {
          part2Proceedings: {
            courtOrderRef: proceedings.courtOrderRef ?? null,
            consentRef: proceedings.consentRef ?? null,
          },
        }
      : {}),
    ...(s?.viaEhr ? { viaEhr: true } : {}),
  };
}

/** The normalised record: every optional field present (null when not given). */
export function toDisclosureRecord(r: RecordDisclosureRequestDto): DisclosureRecord {
  return {
    disclosureId: r.disclosureId,
    memberId: r.memberId,
    occurredAt: r.occurredAt ?? null,
    occurredPeriod: r.occurredPeriod ? { from: r.occurredPeriod.from, to: r.occurredPeriod.to } : null,
    recipient: { name: r.recipient.name, address: r.recipient.address ?? null, id: r.recipient.id ?? null },
    channel: r.channel,
    madeBy: r.madeBy ?? null,
    phiDescription: r.phiDescription,
    purpose: r.purpose,
    purposeOfUse: r.purposeOfUse ?? null,
    legalBasis: {
      cfr: r.legalBasis.cfr,
      permitted: r.legalBasis.permitted,
      authorizationId: r.legalBasis.authorizationId ?? null,
      rationale: r.legalBasis.rationale ?? null,
    },
    writtenRequestRef: r.writtenRequestRef ?? null,
    researchProtocolId: r.researchProtocolId ?? null,
    sensitivity: sensitivityOf(r.sensitivity),
    sourceSystem: r.sourceSystem ?? null,
  };
}

/** The command for one validated request, received now; the command hash covers the normalised record. */
export function toRecordDisclosure(
  request: RecordDisclosureRequestDto,
  receivedAt = new Date().toISOString(),
): RecordDisclosure {
  const disclosure = toDisclosureRecord(request);
  return { disclosure, commandHash: commandHash(disclosure), receivedAt };
}

export class RecordDisclosureCommand extends LedgerCommand<RecordDisclosure, RecordedDisclosure> {
  static readonly useCase: UseCase<RecordDisclosure, MemberLedger, RecordedDisclosure> = {
    kind: memberStreamKind,
    target: (c) => ({ stream: memberStream(c.disclosure.memberId) }),
    consults: (c) => consultedAssociate(associateOf(c.disclosure)),
    decide: (c, state, plan, associate) => decideRecordDisclosure(c, state, plan, associate as AssociateOnFile | null),
    // the member's disclosures serve only to recognise a disclosure id recorded before (record-disclosure.decider.ts)
    decidesOnFacts: true,
  };
}
