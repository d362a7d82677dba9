/**
 * What the write side knows about one member, folded from the member stream. Deciders read it to judge a
 * new command (is there a valid authorization at that moment? an HIE opt-out? a custody period?) and to
 * answer retries with their first result.
 */
import { foldByDraft, type Drafts, type FoldableEvent, type StreamKind } from '../../commands/stream-kind.js';
import type { RecordedCommand } from '../../commands/decision.js';
import type {
  CustodyPeriodRecorded,
  HieConsentRecorded,
  MemberEventMap,
  MemberEventType,
  PersonalRepresentativeRecorded,
  PhiDisclosed,
} from '../../events/member.events.js';
import type { AuthorizationOnFile } from '../../rules/authorizations.js';

/** A disclosure as currently corrected, where it was first recorded, and what happened to it since. */
export interface DisclosureOnFile {
  data: PhiDisclosed;
  position: bigint;
  voided: boolean;
  breachRequired: boolean;
}

export interface MemberLedger {
  disclosures: Map<string, DisclosureOnFile>;
  authorizations: Map<string, AuthorizationOnFile>;
  hieConsents: HieConsentRecorded[];
  custodyPeriods: CustodyPeriodRecorded[];
  representatives: Map<string, PersonalRepresentativeRecorded>;
  /** commands recorded once, by entity key (`authorization:A1`, `correction:C1`, `consent:H1`, `use:U1`, `death`, …), for replays */
  commands: Map<string, RecordedCommand>;
  diedOn: string | null;
}

export function emptyLedger(): MemberLedger {
  return {
    disclosures: new Map(),
    authorizations: new Map(),
    hieConsents: [],
    custodyPeriods: [],
    representatives: new Map(),
    commands: new Map(),
    diedOn: null,
  };
}

/**
 * The key under which the state remembers a command recorded once (for replays): the event type's prefix and the
 * command's own id (one death per member). Deciders look commands up under the same keys.
 */
export const commandKeys = {
  AuthorizationRecorded: (d: { authorizationId: string }) => `authorization:${d.authorizationId}`,
  AuthorizationRevoked: (d: { authorizationId: string }) => `revocation:${d.authorizationId}`,
  HieConsentRecorded: (d: { consentId: string }) => `consent:${d.consentId}`,
  DeathRecorded: () => 'death',
  CustodyPeriodRecorded: (d: { custodyId: string }) => `custody:${d.custodyId}`,
  PersonalRepresentativeRecorded: (d: { representativeId: string }) => `representative:${d.representativeId}`,
  AddressStateRecorded: (d: { addressId: string }) => `address:${d.addressId}`,
  PhiUsed: (d: { useId: string }) => `use:${d.useId}`,
  PrivacyProfileRecorded: (d: { profileId: string }) => `profile:${d.profileId}`,
  DisclosureCorrected: (d: { correctionId: string }) => `correction:${d.correctionId}`,
  DisclosureVoided: (d: { voidId: string }) => `void:${d.voidId}`,
};

/**
 * How each event changes a private copy of the state (see `foldMember`). Map entries are replaced, never changed in
 * place, because the copy shares them with the state it was made from.
 */
type Evolvers = { [K in MemberEventType]: (draft: MemberLedger, data: MemberEventMap[K], position: bigint) => void };

const remember = (draft: MemberLedger, key: string, hash: string, position: bigint) =>
  void draft.commands.set(key, { hash, position });

const evolvers: Evolvers = {
  PhiDisclosed: (s, d, position) =>
    void s.disclosures.set(d.disclosureId, { data: d, position, voided: false, breachRequired: false }),
  BreachAssessmentRequired: (s, d) => {
    const disclosure = s.disclosures.get(d.disclosureId);
    if (disclosure) s.disclosures.set(d.disclosureId, { ...disclosure, breachRequired: true });
  },
  DisclosureCorrected: (s, d, position) => {
    remember(s, commandKeys.DisclosureCorrected(d), d.commandHash, position);
    const disclosure = s.disclosures.get(d.disclosureId);
    if (!disclosure) return;
    const { permitted, accountable, findings } = d;
    s.disclosures.set(d.disclosureId, {
      ...disclosure,
      data: { ...disclosure.data, ...d.changes, permitted, accountable, findings },
    });
  },
  DisclosureVoided: (s, d, position) => {
    remember(s, commandKeys.DisclosureVoided(d), d.commandHash, position);
    const disclosure = s.disclosures.get(d.disclosureId);
    if (disclosure) s.disclosures.set(d.disclosureId, { ...disclosure, voided: true });
  },
  AuthorizationRecorded: (s, d, position) => {
    s.authorizations.set(d.authorizationId, { data: d, revokedOn: null });
    remember(s, commandKeys.AuthorizationRecorded(d), d.commandHash, position);
  },
  AuthorizationRevoked: (s, d, position) => {
    const authorization = s.authorizations.get(d.authorizationId);
    if (authorization) s.authorizations.set(d.authorizationId, { ...authorization, revokedOn: d.revokedOn });
    remember(s, commandKeys.AuthorizationRevoked(d), d.commandHash, position);
  },
  HieConsentRecorded: (s, d, position) => {
    s.hieConsents.push(d);
    remember(s, commandKeys.HieConsentRecorded(d), d.commandHash, position);
  },
  DeathRecorded: (s, d, position) => {
    s.diedOn = d.diedOn;
    remember(s, commandKeys.DeathRecorded(), d.commandHash, position);
  },
  CustodyPeriodRecorded: (s, d, position) => {
    s.custodyPeriods.push(d);
    remember(s, commandKeys.CustodyPeriodRecorded(d), d.commandHash, position);
  },
  PersonalRepresentativeRecorded: (s, d, position) => {
    s.representatives.set(d.representativeId, d);
    remember(s, commandKeys.PersonalRepresentativeRecorded(d), d.commandHash, position);
  },
  AddressStateRecorded: (s, d, position) => remember(s, commandKeys.AddressStateRecorded(d), d.commandHash, position),
  PhiUsed: (s, d, position) => remember(s, commandKeys.PhiUsed(d), d.commandHash, position),
  PrivacyProfileRecorded: (s, d, position) =>
    remember(s, commandKeys.PrivacyProfileRecorded(d), d.commandHash, position),
};

/** A copy whose collections can change without touching `s` (their entries are shared, and only ever replaced). */
function draftOf(s: MemberLedger): MemberLedger {
  return {
    disclosures: new Map(s.disclosures),
    authorizations: new Map(s.authorizations),
    hieConsents: [...s.hieConsents],
    custodyPeriods: [...s.custodyPeriods],
    representatives: new Map(s.representatives),
    commands: new Map(s.commands),
    diedOn: s.diedOn,
  };
}

const memberDrafts: Drafts<MemberLedger> = {
  draft: draftOf,
  foldInto(draft, events) {
    for (const e of events) {
      const evolve = evolvers[e.type as MemberEventType] as
        ((s: MemberLedger, d: unknown, p: bigint) => void) | undefined;
      evolve?.(draft, e.data, e.position);
    }
  },
};

/** `state` with `events` folded in: a new state; `state` is left as it was. Events of other types are ignored. */
export const foldMember: (state: MemberLedger, events: readonly FoldableEvent[]) => MemberLedger =
  foldByDraft(memberDrafts);

/** One event folded in (see foldMember). */
export const evolveMember = (state: MemberLedger, event: FoldableEvent): MemberLedger => foldMember(state, [event]);

/** The member stream (`member-{memberId}`): its state is cached between commands (LEDGER_MEMBER_CACHE). */
export const memberStreamKind: StreamKind<MemberLedger> = {
  name: 'member',
  initial: emptyLedger,
  fold: foldMember,
  drafts: memberDrafts,
  cached: true,
};
