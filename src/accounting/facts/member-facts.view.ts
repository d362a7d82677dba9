/**
 * A member's facts as people read them (GET /v1/members/{memberId}/facts): each with its status on a plan date.
 * Pure: the rows the read model holds, the date, and whether the reader is the office. Authorizations (164.508:
 * signed, expired, revoked under (b)(5)); the HIE decision in force and its history; personal representatives
 * (164.502(g); one the plan declined under (g)(5) is shown to the office only); custody periods (164.512(k)(5));
 * death (160.103); the State of the member's address (164.406).
 */
import type {
  AddressStateRecorded,
  AuthorizationRecorded,
  AuthorizationRevoked,
  CustodyPeriodRecorded,
  HieConsentRecorded,
  PersonalRepresentativeRecorded,
} from '../../events/member.events.js';
import { withoutCommandHash } from '../../events/event.js';
import { inCustody } from '../../rules/custody.js';
import { inForceOn } from '../../rules/representation.js';

interface Row {
  type: string;
  recordedAt: string;
  data: Record<string, unknown>;
}

type Without<T> = Omit<T, 'commandHash'>;

/** `asOf`: the instant (an HIE decision takes effect at an instant); `onDate`: its plan date (every other fact). */
export function memberFactsView(
  memberId: string,
  rows: readonly Row[],
  at: { asOf: string; onDate: string },
  office: boolean,
) {
  const { asOf, onDate } = at;
  const authorizations = new Map<string, Without<AuthorizationRecorded> & { revokedOn: string | null }>();
  const hie: (Without<HieConsentRecorded> & { recordedAt: string })[] = [];
  const representatives: Without<PersonalRepresentativeRecorded>[] = [];
  const custody: Without<CustodyPeriodRecorded>[] = [];
  const addresses: Without<AddressStateRecorded>[] = [];
  let diedOn: string | null = null;
  for (const { type, recordedAt, data } of rows) {
    if (type === 'AuthorizationRecorded') {
      const d = data as unknown as AuthorizationRecorded;
      authorizations.set(d.authorizationId, { ...withoutCommandHash(d), revokedOn: null });
    } else if (type === 'AuthorizationRevoked') {
      const d = data as unknown as AuthorizationRevoked;
      const a = authorizations.get(d.authorizationId);
      if (a) authorizations.set(d.authorizationId, { ...a, revokedOn: d.revokedOn });
    } else if (type === 'HieConsentRecorded')
      hie.push({ ...withoutCommandHash(data as unknown as HieConsentRecorded), recordedAt });
    else if (type === 'PersonalRepresentativeRecorded')
      representatives.push(withoutCommandHash(data as unknown as PersonalRepresentativeRecorded));
    else if (type === 'CustodyPeriodRecorded')
      custody.push(withoutCommandHash(data as unknown as CustodyPeriodRecorded));
    else if (type === 'AddressStateRecorded')
      addresses.push(withoutCommandHash(data as unknown as AddressStateRecorded));
    else if (type === 'DeathRecorded') diedOn = (data as { diedOn: string }).diedOn;
  }
  const byEffective = [...hie].sort((a, b) => Date.parse(a.effectiveAt) - Date.parse(b.effectiveAt));
  const hieInForce = byEffective.filter((c) => Date.parse(c.effectiveAt) <= Date.parse(asOf)).at(-1) ?? null;
  const addressInForce =
    [...addresses]
      .sort((a, b) => (a.effectiveOn < b.effectiveOn ? -1 : 1))
      .filter((a) => a.effectiveOn <= onDate)
      .at(-1) ?? null;
  return {
    memberId,
    asOf,
    onDate,
    authorizations: [...authorizations.values()].map((a) => ({
      ...a,
      status:
        a.revokedOn !== null && a.revokedOn <= onDate
          ? ('revoked' as const)
          : a.signedOn > onDate
            ? ('not-yet-signed' as const)
            : a.expiresOn !== null && a.expiresOn < onDate
              ? ('expired' as const)
              : ('in-force' as const),
    })),
    hieConsent: {
      status:
        hieInForce === null
          ? ('no-decision' as const)
          : hieInForce.decision === 'opt-out'
            ? ('opted-out' as const)
            : ('opted-in' as const),
      history: byEffective,
    },
    representatives: representatives
      .filter((r) => office || r.declinedBasis === null)
      .map((r) => ({
        ...r,
        status:
          r.declinedBasis !== null
            ? ('declined' as const)
            : inForceOn(r, onDate)
              ? ('in-force' as const)
              : ('not-in-force' as const),
      })),
    custodyPeriods: custody.map((c) => ({ ...c, inCustody: inCustody([c], { first: onDate, last: onDate }) })),
    death: diedOn === null ? null : { diedOn },
    addressState: addressInForce && { state: addressInForce.state, effectiveOn: addressInForce.effectiveOn },
    addressStates: addresses,
  };
}

export type MemberFactsView = ReturnType<typeof memberFactsView>;
