/**
 * 164.502(g): what a personal representative may see. A representative is treated as the individual
 * ((g)(1)), except a parent for services the minor lawfully consented to ((g)(3)) and a person the plan
 * declined to treat as the representative ((g)(5)), who gets nothing.
 */
import type { DisclosureRow, MemberFacts } from './engine-types.js';

export type RepresentationScope = { kind: 'self' } | { kind: 'none' } | { kind: 'representative'; parent: boolean };

export function representationScope(
  facts: MemberFacts,
  requesterPersonId: string | null | undefined,
  onDate: string,
): RepresentationScope {
  if (!requesterPersonId) return { kind: 'self' };
  const records = facts.representatives.filter((r) => r.personId === requesterPersonId);
  if (records.length === 0 || records.some((r) => r.declinedBasis !== null)) return { kind: 'none' };
  const inForce = records.filter(
    (r) => (r.from === null || r.from <= onDate) && (r.until === null || onDate <= r.until),
  );
  if (inForce.length === 0) return { kind: 'none' };
  return { kind: 'representative', parent: inForce.every((r) => r.kind === 'parent') };
}

export function outsideScope(d: DisclosureRow, scope: RepresentationScope): boolean {
  if (scope.kind === 'self') return false;
  if (scope.kind === 'none') return true;
  return scope.parent && d.minorConsented;
}
