import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import type { MemberRead, ReadContext } from './access-log.service.js';

/** Who is reading, through which route (its template: no ids), from a request the guard let through. */
export const readContext = (request: AuthenticatedRequest, format: string | null = null): ReadContext => ({
  principal: request.principal!,
  correlationId: String(request.id),
  route: request.routeOptions.url ?? 'unknown',
  format,
});

/** Rows naming members, counted per member (an audit page names many). */
export function readsOf(rows: readonly { memberId: string }[]): MemberRead[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.memberId, (counts.get(r.memberId) ?? 0) + 1);
  return [...counts].map(([memberId, resultCount]) => ({ memberId, resultCount }));
}
