/**
 * 164.502(g): what a personal representative may see. A representative is treated as the individual
 * ((g)(1)), except a parent for services the minor lawfully consented to ((g)(3)) and a person the plan
 * declined to treat as the representative ((g)(5)), who gets nothing.
 */
import type { PersonalRepresentativeRecorded } from '../events/member.events.js';

/** A personal representative as recorded (164.502(g)), without the command hash. */
export type Representative = Omit<PersonalRepresentativeRecorded, 'commandHash'>;

export type RepresentationScope = { kind: 'self' } | { kind: 'none' } | { kind: 'representative'; parent: boolean };

/** In force on `onDate`: from its first day (if any) to its last (if any). */
export const inForceOn = (r: Pick<Representative, 'from' | 'until'>, onDate: string): boolean =>
  (r.from === null || r.from <= onDate) && (r.until === null || onDate <= r.until);

export function representationScope(
  representatives: readonly Representative[],
  requesterPersonId: string | null | undefined,
  onDate: string,
): RepresentationScope {
  if (!requesterPersonId) return { kind: 'self' };
  const records = representatives.filter((r) => r.personId === requesterPersonId);
  if (records.length === 0 || records.some((r) => r.declinedBasis !== null)) return { kind: 'none' };
  const inForce = records.filter((r) => inForceOn(r, onDate));
  if (inForce.length === 0) return { kind: 'none' };
  return { kind: 'representative', parent: inForce.every((r) => r.kind === 'parent') };
}

/** (g)(3)(i): a disclosure about care the minor lawfully consented to is outside a parent's scope. */
export function outsideScope(d: { minorConsented: boolean }, scope: RepresentationScope): boolean {
  if (scope.kind === 'self') return false;
  if (scope.kind === 'none') return true;
  return scope.parent && d.minorConsented;
}
