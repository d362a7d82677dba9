/**
 * 164.508 at record time: a disclosure "pursuant to an authorization" needs one recorded for this member that covers
 * the recipient, was signed on or before the disclosure, and was neither revoked (164.508(b)(5)) nor expired during it.
 */
import type { AuthorizationRecorded, Recipient } from '../events/member.events.js';
import type { DisclosureDays } from './disclosure-days.js';

/** An authorization as the member's stream knows it: what was recorded, and the revocation date if any. */
export interface AuthorizationOnFile {
  data: AuthorizationRecorded;
  revokedOn: string | null;
}

/** Two recipients are the same when both have ids and they match; otherwise by name, ignoring case and spaces. */
export function sameRecipient(a: Recipient, b: Recipient): boolean {
  if (a.id && b.id) return a.id === b.id;
  return a.name.trim().toLowerCase() === b.name.trim().toLowerCase();
}

/** Why the authorization `id` does not cover this disclosure, or null when it does. */
export function authorizationProblem(
  id: string | null | undefined,
  onFile: AuthorizationOnFile | undefined,
  recipient: Recipient,
  days: DisclosureDays,
): string | null {
  if (!id) return '164.508 basis without an authorizationId';
  if (!onFile) return `authorization ${id} is not recorded for this member`;
  const { data, revokedOn } = onFile;
  if (!sameRecipient(data.recipient, recipient)) return `authorization ${id} does not cover this recipient`;
  if (data.signedOn > days.first) return `authorization ${id} was signed on ${data.signedOn}, after the disclosure`;
  if (revokedOn !== null && revokedOn <= days.last) return `authorization ${id} was revoked on ${revokedOn}`;
  if (data.expiresOn !== null && data.expiresOn < days.last) return `authorization ${id} expired on ${data.expiresOn}`;
  return null;
}
