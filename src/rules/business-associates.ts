/**
 * Business associates at record time (api.md "Business associates"). 164.502(e)(1) and 164.504(e): a plan may disclose
 * PHI to a business associate only with satisfactory assurances, a written agreement. OCR's tracking-technology
 * guidance (regulation.md §1.10): a tracking vendor that receives PHI without a BAA (or an authorization) is an
 * impermissible disclosure. 164.508(a)(3): marketing needs an authorization.
 *
 * So, for a recipient in the register: a 164.506 basis on the `business-associate`, `tracking-technology`,
 * `social-media` or `advertising` channel is permitted only while an agreement is in effect on every day of the
 * disclosure; on the `advertising` channel anything but a 164.508 basis is marketing without an authorization.
 */
import type {
  AgreementRecorded,
  AssociateEventMap,
  BusinessAssociateRegistered,
} from '../events/business-associate.events.js';
import { addDays } from './calendar.js';
import type { DisclosureDays } from './disclosure-days.js';
import { cites, citesAny } from './legal-bases.js';

/** Bases that rest on the associate's agreement: TPO through it (164.506) and the business-associate basis itself. */
const AGREEMENT_BASES = ['164.506', '164.502(e)'];

/** The findings `associateFinding` writes, each as `CODE (associateId): …`. */
export const ASSOCIATE_FINDING_CODES = ['NO_BUSINESS_ASSOCIATE_AGREEMENT', 'MARKETING_NEEDS_AUTHORIZATION'] as const;

export const ASSOCIATE_CHANNELS: readonly string[] = [
  'business-associate',
  'tracking-technology',
  'social-media',
  'advertising',
];

export interface AgreementOnFile extends Omit<AgreementRecorded, 'commandHash'> {
  terminatedOn: string | null;
}

/** An associate's stream folded: the registration and every agreement, by id. */
export interface AssociateOnFile {
  registered: Omit<BusinessAssociateRegistered, 'commandHash'> | null;
  agreements: Map<string, AgreementOnFile>;
  /** commands recorded once, by key (`associate`, `agreement:{id}`, `termination:{id}`) */
  commands: Map<string, { hash: string; position: bigint }>;
}

export const emptyAssociate = (): AssociateOnFile => ({ registered: null, agreements: new Map(), commands: new Map() });

export const associateCommandKey = (type: keyof AssociateEventMap, data: { agreementId?: string }) =>
  type === 'BusinessAssociateRegistered'
    ? 'associate'
    : `${type === 'AgreementRecorded' ? 'agreement' : 'termination'}:${data.agreementId}`;

export function foldAssociate(
  state: AssociateOnFile,
  events: readonly { type: string; data: unknown; position: bigint }[],
): AssociateOnFile {
  const s: AssociateOnFile = { ...state, agreements: new Map(state.agreements), commands: new Map(state.commands) };
  for (const e of events) {
    const type = e.type as keyof AssociateEventMap;
    const { commandHash, ...data } = e.data as AssociateEventMap[typeof type];
    s.commands.set(associateCommandKey(type, data as { agreementId?: string }), {
      hash: commandHash,
      position: e.position,
    });
    if (type === 'BusinessAssociateRegistered') s.registered = data as AssociateOnFile['registered'];
    else if (type === 'AgreementRecorded') {
      const a = data as Omit<AgreementRecorded, 'commandHash'>;
      s.agreements.set(a.agreementId, { ...a, terminatedOn: null });
    } else if (type === 'AgreementTerminated') {
      const { agreementId, terminatedOn } = data as { agreementId: string; terminatedOn: string };
      const a = s.agreements.get(agreementId);
      if (a) s.agreements.set(agreementId, { ...a, terminatedOn });
    }
  }
  return s;
}

/** In effect on `day`: signed and effective by then, not past its last day, not terminated on or before it. */
export const inEffectOn = (a: AgreementOnFile, day: string): boolean =>
  a.signedOn <= day &&
  a.effectiveFrom <= day &&
  (a.effectiveUntil === null || day <= a.effectiveUntil) &&
  (a.terminatedOn === null || day < a.terminatedOn);

/** Some agreement was in effect on every day of the disclosure (a renewal without a gap keeps it covered). */
export function coveredThroughout(associate: AssociateOnFile, days: DisclosureDays): boolean {
  const agreements = [...associate.agreements.values()];
  for (let day = days.first; day <= days.last; day = addDays(day, 1))
    if (!agreements.some((a) => inEffectOn(a, day))) return false;
  return true;
}

/** The finding that makes a disclosure to a registered associate impermissible, or null. */
export function associateFinding(
  d: { channel: string; cfr: string | null },
  associate: AssociateOnFile | null,
  days: DisclosureDays,
): string | null {
  if (!associate?.registered || !ASSOCIATE_CHANNELS.includes(d.channel)) return null;
  const { associateId, name } = associate.registered;
  if (d.channel === 'advertising' && !cites(d.cfr, '164.508'))
    return `MARKETING_NEEDS_AUTHORIZATION (${associateId}): PHI to ${name}, an advertising partner, needs a 164.508(a)(3) authorization`;
  if (citesAny(d.cfr, AGREEMENT_BASES) && !coveredThroughout(associate, days))
    return `NO_BUSINESS_ASSOCIATE_AGREEMENT (${associateId}): no business associate agreement with ${name} was in effect on every day of the disclosure`;
  return null;
}
