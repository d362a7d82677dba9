/**
 * The member stream's events: the durable schema (architecture.md §3). Names are stable strings; a change
 * of shape bumps the version and adds an upcaster. Dates are plan-time-zone calendar dates (YYYY-MM-DD);
 * instants are ISO 8601.
 */
import type { EventOf, Period } from './event.js';
import type { PhiUsed } from './use.events.js';

export type { Period } from './event.js';

export const MEMBER_STREAM_PREFIX = 'member-';
export const memberStream = (memberId: string) => `${MEMBER_STREAM_PREFIX}${memberId}`;

/** The event id of a disclosure's PhiDisclosed event (unique in the store: a disclosure id is recorded once). */
export const disclosureEventId = (disclosureId: string) => `disclosure:${disclosureId}`;

/** Who a disclosure went to, by kind (api.md "Commands"). */
export const CHANNELS = [
  'hie',
  'ohca',
  'employer',
  'legal',
  'government',
  'business-associate',
  'research',
  'advertising',
  'tracking-technology',
  'social-media',
  'affiliate',
  'individual',
  'family',
  'other',
] as const;

export type Channel = (typeof CHANNELS)[number];

export interface Recipient {
  name: string;
  address?: string | null;
  id?: string | null;
}

export interface LegalBasis {
  cfr: string | null;
  permitted: boolean;
  authorizationId?: string | null;
  rationale?: string | null;
}

/** What the recorder sent, after validation (the disclosure as the ledger keeps it). */
export interface DisclosureRecord {
  disclosureId: string;
  memberId: string;
  occurredAt: string | null;
  occurredPeriod: Period | null;
  recipient: Recipient;
  channel: string;
  madeBy: string | null;
  phiDescription: string;
  purpose: string;
  purposeOfUse: string | null;
  legalBasis: LegalBasis;
  writtenRequestRef: string | null;
  researchProtocolId: string | null;
  sensitivity: Sensitivity;
  sourceSystem: string | null;
}

/**
 * What makes a disclosure sensitive. `part2Proceedings` and `viaEhr` are present only when given (a command recorded
 * before they existed keeps its hash).
 */
export interface Sensitivity {
  /** 42 CFR Part 2 records (regulation.md §1.9) */
  part2: boolean;
  minorConsented: boolean;
  /** the records were disclosed for use in proceedings against the member (42 CFR 2.12(d)(1)), under this authority */
  part2Proceedings?: { courtOrderRef: string | null; consentRef: string | null };
  /** made through an electronic health record (42 CFR 2.25(b): TPO disclosures through an EHR are accounted for) */
  viaEhr?: boolean;
}

export interface PhiDisclosed extends DisclosureRecord {
  /** SHA-256 of the command body: a retry with the same id and body replays, another body conflicts */
  commandHash: string;
  /** the basis as the ledger judged it at record time (may differ from what was claimed) */
  permitted: boolean;
  accountable: boolean;
  flags: string[];
  /** why the ledger changed `permitted`, if it did */
  findings: string[];
}

/** How the ledger judged a disclosure when it was recorded (or corrected). */
export type Judged = Pick<PhiDisclosed, 'commandHash' | 'permitted' | 'accountable' | 'flags' | 'findings'>;

/**
 * The PhiDisclosed event of a record and its judgement. Written out field by field (not `{ ...record, ...judged }`):
 * an object literal that starts with a spread is built by V8 as a slow dictionary object, which every later step
 * (the writer's JSON, the projections) then pays for again; docs/benchmarks.md has the measurement. member.events.spec.ts
 * holds it equal to the spread.
 */
export function phiDisclosed(d: DisclosureRecord, judged: Judged): PhiDisclosed {
  return {
    disclosureId: d.disclosureId,
    memberId: d.memberId,
    occurredAt: d.occurredAt,
    occurredPeriod: d.occurredPeriod,
    recipient: d.recipient,
    channel: d.channel,
    madeBy: d.madeBy,
    phiDescription: d.phiDescription,
    purpose: d.purpose,
    purposeOfUse: d.purposeOfUse,
    legalBasis: d.legalBasis,
    writtenRequestRef: d.writtenRequestRef,
    researchProtocolId: d.researchProtocolId,
    sensitivity: d.sensitivity,
    sourceSystem: d.sourceSystem,
    commandHash: judged.commandHash,
    permitted: judged.permitted,
    accountable: judged.accountable,
    flags: judged.flags,
    findings: judged.findings,
  };
}

export interface BreachAssessmentRequired {
  disclosureId: string;
  reasons: string[];
}

export interface DisclosureCorrected {
  correctionId: string;
  disclosureId: string;
  changes: Partial<
    Pick<
      DisclosureRecord,
      | 'recipient'
      | 'occurredAt'
      | 'occurredPeriod'
      | 'phiDescription'
      | 'purpose'
      | 'purposeOfUse'
      | 'madeBy'
      | 'writtenRequestRef'
      | 'channel'
      | 'legalBasis'
    >
  >;
  reason: string;
  commandHash: string;
  /** the corrected disclosure as the ledger judges it now */
  permitted: boolean;
  accountable: boolean;
  findings: string[];
}

export interface DisclosureVoided {
  voidId: string;
  disclosureId: string;
  reason: string;
  commandHash: string;
}

export interface AuthorizationRecorded {
  authorizationId: string;
  recipient: Recipient;
  purpose: string;
  phiScope: string;
  signedOn: string;
  expiresOn: string | null;
  commandHash: string;
}

export interface AuthorizationRevoked {
  authorizationId: string;
  revokedOn: string;
  commandHash: string;
}

export interface HieConsentRecorded {
  consentId: string;
  decision: 'opt-out' | 'opt-in';
  effectiveAt: string;
  commandHash: string;
}

export interface DeathRecorded {
  diedOn: string;
  commandHash: string;
}

export interface CustodyPeriodRecorded {
  custodyId: string;
  from: string;
  until: string | null;
  commandHash: string;
}

export interface PersonalRepresentativeRecorded {
  representativeId: string;
  personId: string;
  kind: 'parent' | 'guardian' | 'executor' | 'other';
  from: string | null;
  until: string | null;
  /** 164.502(g)(5): the plan declined to treat this person as the representative */
  declinedBasis: string | null;
  commandHash: string;
}

/**
 * The State of the member's address from a date (a USPS code): 164.406 counts a breach's affected residents per State
 * (media notice for more than 500 residents of one State).
 */
export interface AddressStateRecorded {
  addressId: string;
  state: string;
  effectiveOn: string;
  commandHash: string;
}

/**
 * What the snooping rules (docs/snooping.md) know of a member: match keys of the surname and the address (never the
 * text: see match-key.ts), whether the plan flags the member as a VIP, and the workforce id when the member is also
 * one of the plan's workforce (then these keys are that workforce member's too). The latest recorded profile holds.
 */
export interface PrivacyProfileRecorded {
  profileId: string;
  surnameKey: string | null;
  addressKey: string | null;
  vip: boolean;
  workforceActorId: string | null;
  commandHash: string;
}

/** Uses were recorded on the member stream before they had their own streams (use.events.ts); those stay there. */
export type { PhiUsed } from './use.events.js';

export interface MemberEventMap {
  PhiDisclosed: PhiDisclosed;
  BreachAssessmentRequired: BreachAssessmentRequired;
  DisclosureCorrected: DisclosureCorrected;
  DisclosureVoided: DisclosureVoided;
  AuthorizationRecorded: AuthorizationRecorded;
  AuthorizationRevoked: AuthorizationRevoked;
  HieConsentRecorded: HieConsentRecorded;
  DeathRecorded: DeathRecorded;
  CustodyPeriodRecorded: CustodyPeriodRecorded;
  PersonalRepresentativeRecorded: PersonalRepresentativeRecorded;
  AddressStateRecorded: AddressStateRecorded;
  PhiUsed: PhiUsed;
  PrivacyProfileRecorded: PrivacyProfileRecorded;
}

export type MemberEventType = keyof MemberEventMap;

/**
 * Which member events are facts: what a new disclosure's decision reads (authorizations and their revocations, HIE
 * consents, custody periods, a death, personal representatives), as opposed to the stream's bulk (its disclosures and
 * what follows them, old uses, addresses and privacy profiles), which that decision reads only to recognise a
 * disclosure id recorded before, and the store's unique event ids recognise that too. The store indexes the fact
 * types (StoreSettings.factTypes), so the bulk import reads a member's few facts instead of every disclosure (issue 17;
 * record-disclosure.decider.spec.ts holds the decision to the same answer on the facts as on the whole stream). Every
 * member event type is placed here: a new one does not compile until it is.
 */
const IS_FACT: Record<MemberEventType, boolean> = {
  AuthorizationRecorded: true,
  AuthorizationRevoked: true,
  HieConsentRecorded: true,
  DeathRecorded: true,
  CustodyPeriodRecorded: true,
  PersonalRepresentativeRecorded: true,
  PhiDisclosed: false,
  BreachAssessmentRequired: false,
  DisclosureCorrected: false,
  DisclosureVoided: false,
  AddressStateRecorded: false,
  PhiUsed: false,
  PrivacyProfileRecorded: false,
};

/** Every member event type. */
export const MEMBER_EVENT_TYPES = Object.keys(IS_FACT) as readonly MemberEventType[];

export const MEMBER_FACT_TYPES: readonly MemberEventType[] = MEMBER_EVENT_TYPES.filter((type) => IS_FACT[type]);

/** An event a decider emits on a member stream. */
export type MemberEvent = EventOf<MemberEventMap>;
