/**
 * Uses of a member's PHI inside the plan (api.md `POST /v1/uses`): the access report's rows (regulation.md §1.8).
 *
 * Where they live (architecture.md "Uses"): a stream per member and calendar month of the use,
 * `uses-{YYYY-MM}-{memberId}` (the month of `occurredAt` in UTC), never the member stream. Systems report reads in
 * bulk (thousands a day for one member is possible); the member stream is what every disclosure decision loads and
 * caches, so it must stay small. A month bounds a use stream's length, so deciding a batch reads little. The event id
 * stays `use:{memberId}:{useId}` (as when uses were on the member stream): the store's ids are unique across streams,
 * so the same useId sent with another month is still one use (409 ID_CONFLICT), never two.
 */
import type { EventOf } from './event.js';

export const USE_STREAM_PREFIX = 'uses-';

/** The stream a use is recorded on: its member and the UTC month of `occurredAt`. */
export const useStream = (memberId: string, occurredAt: string) =>
  `${USE_STREAM_PREFIX}${new Date(occurredAt).toISOString().slice(0, 7)}-${memberId}`;

export const USE_ACTIONS = ['view', 'print', 'modify', 'export', 'query'] as const;

/**
 * What a use was for, when the reporting system knows it (a claim, a case, a ticket): the snooping rule
 * "no matching business context" fires on uses without one (docs/snooping.md).
 */
export const USE_CONTEXT_KINDS = ['claim', 'case', 'ticket', 'appeal', 'authorization', 'other'] as const;

export interface PhiUsed {
  useId: string;
  memberId: string;
  occurredAt: string;
  actor: { id: string; name: string; role: string };
  action: (typeof USE_ACTIONS)[number];
  phiDescription: string;
  purposeOfUse: string | null;
  sourceSystem: string | null;
  /** absent on uses recorded before contexts existed (read as null) */
  context?: { kind: (typeof USE_CONTEXT_KINDS)[number]; id: string } | null;
  commandHash: string;
}

export interface UseEventMap {
  PhiUsed: PhiUsed;
}

export type UseEvent = EventOf<UseEventMap>;
