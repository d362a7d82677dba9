/**
 * What the write side knows about one member, folded from the member stream. Deciders read it to judge a
 * new command (is there a valid authorization at that moment? an HIE opt-out? a custody period?) and to
 * answer retries with their first result.
 */
import type {
  AuthorizationRecorded,
  CustodyPeriodRecorded,
  HieConsentRecorded,
  MemberEventMap,
  MemberEventType,
  PersonalRepresentativeRecorded,
  PhiDisclosed,
} from './member-events.js';

export interface Recorded<T> {
  data: T;
  position: bigint;
}

export interface MemberLedger {
  /** last revision folded in, or null for a member with no events */
  revision: bigint | null;
  /** each disclosure as currently corrected */
  disclosures: Map<string, Recorded<PhiDisclosed> & { voided: boolean; breachRequired: boolean }>;
  authorizations: Map<string, Recorded<AuthorizationRecorded> & { revokedOn: string | null }>;
  hieConsents: HieConsentRecorded[];
  custodyPeriods: Map<string, Recorded<CustodyPeriodRecorded>>;
  representatives: Map<string, Recorded<PersonalRepresentativeRecorded>>;
  /** command hashes by entity key (`authorization:A1`, `correction:C1`, `consent:H1`, `use:U1`, `death`, …) for replays */
  commands: Map<string, { hash: string; position: bigint }>;
  diedOn: string | null;
}

export function emptyLedger(): MemberLedger {
  return {
    revision: null,
    disclosures: new Map(),
    authorizations: new Map(),
    hieConsents: [],
    custodyPeriods: new Map(),
    representatives: new Map(),
    commands: new Map(),
    diedOn: null,
  };
}

type Evolver = { [K in MemberEventType]: (state: MemberLedger, data: MemberEventMap[K], position: bigint) => void };

const evolvers: Evolver = {
  PhiDisclosed: (s, d, position) =>
    void s.disclosures.set(d.disclosureId, { data: d, position, voided: false, breachRequired: false }),
  BreachAssessmentRequired: (s, d) => {
    const disclosure = s.disclosures.get(d.disclosureId);
    if (disclosure) s.disclosures.set(d.disclosureId, { ...disclosure, breachRequired: true });
  },
  DisclosureCorrected: (s, d, position) => {
    s.commands.set(`correction:${d.correctionId}`, { hash: d.commandHash, position });
    const disclosure = s.disclosures.get(d.disclosureId);
    if (disclosure) {
      const data = {
        ...disclosure.data,
        ...d.changes,
        permitted: d.permitted,
        accountable: d.accountable,
        findings: d.findings,
      };
      s.disclosures.set(d.disclosureId, { ...disclosure, data });
    }
  },
  DisclosureVoided: (s, d, position) => {
    s.commands.set(`void:${d.voidId}`, { hash: d.commandHash, position });
    const disclosure = s.disclosures.get(d.disclosureId);
    if (disclosure) s.disclosures.set(d.disclosureId, { ...disclosure, voided: true });
  },
  AuthorizationRecorded: (s, d, position) => {
    s.authorizations.set(d.authorizationId, { data: d, position, revokedOn: null });
    s.commands.set(`authorization:${d.authorizationId}`, { hash: d.commandHash, position });
  },
  AuthorizationRevoked: (s, d, position) => {
    const authorization = s.authorizations.get(d.authorizationId);
    if (authorization) s.authorizations.set(d.authorizationId, { ...authorization, revokedOn: d.revokedOn });
    s.commands.set(`revocation:${d.authorizationId}`, { hash: d.commandHash, position });
  },
  HieConsentRecorded: (s, d, position) => {
    s.hieConsents = [...s.hieConsents, d];
    s.commands.set(`consent:${d.consentId}`, { hash: d.commandHash, position });
  },
  DeathRecorded: (s, d, position) => {
    s.diedOn = d.diedOn;
    s.commands.set('death', { hash: d.commandHash, position });
  },
  CustodyPeriodRecorded: (s, d, position) => {
    s.custodyPeriods.set(d.custodyId, { data: d, position });
    s.commands.set(`custody:${d.custodyId}`, { hash: d.commandHash, position });
  },
  PersonalRepresentativeRecorded: (s, d, position) => {
    s.representatives.set(d.representativeId, { data: d, position });
    s.commands.set(`representative:${d.representativeId}`, { hash: d.commandHash, position });
  },
  PhiUsed: (s, d, position) => void s.commands.set(`use:${d.useId}`, { hash: d.commandHash, position }),
};

/** A copy a batch can fold its own pending events into without touching the cached state. Entries are shared
 * (evolve replaces entries, never mutates them). */
export function copyLedger(s: MemberLedger): MemberLedger {
  return {
    ...s,
    disclosures: new Map(s.disclosures),
    authorizations: new Map(s.authorizations),
    custodyPeriods: new Map(s.custodyPeriods),
    representatives: new Map(s.representatives),
    commands: new Map(s.commands),
  };
}

/** Folds one stored event into the state. Replaces map entries rather than mutating them (see copyLedger). */
export function evolve(
  state: MemberLedger,
  event: { type: string; data: unknown; revision: bigint; position: bigint },
): MemberLedger {
  const evolver = evolvers[event.type as MemberEventType] as
    ((s: MemberLedger, d: unknown, p: bigint) => void) | undefined;
  evolver?.(state, event.data, event.position);
  state.revision = event.revision;
  return state;
}
