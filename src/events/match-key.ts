/**
 * Match keys for the snooping rules (docs/snooping.md): a surname or an address reduced to a comparable form
 * (case, accents, punctuation and spacing ignored; common street words abbreviated) and hashed with SHA-256, so the
 * ledger compares "same surname" or "same address" without storing either. A key is pseudonymous, not secret: a
 * dictionary of surnames reverses a surname key, which is why keys are only read by the privacy office's findings.
 */
import { createHash } from 'node:crypto';

const STREET_WORDS: Record<string, string> = {
  street: 'st',
  avenue: 'ave',
  road: 'rd',
  drive: 'dr',
  boulevard: 'blvd',
  lane: 'ln',
  court: 'ct',
  place: 'pl',
  apartment: 'apt',
  suite: 'ste',
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
};

/** Lower case, accents stripped, anything but letters and digits a single space. */
function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const hash = (kind: string, text: string) =>
  text === '' ? null : createHash('sha256').update(`${kind}\n${text}`).digest('base64url').slice(0, 32);

export const surnameKey = (surname: string) => hash('surname', normalise(surname).replace(/ /g, ''));

export const addressKey = (address: string) =>
  hash(
    'address',
    normalise(address)
      .split(' ')
      .map((w) => STREET_WORDS[w] ?? w)
      .join(' '),
  );
