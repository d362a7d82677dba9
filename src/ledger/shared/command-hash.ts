import { createHash } from 'node:crypto';

/** Canonical JSON (keys sorted at every level, undefined dropped) so that key order never changes the hash. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** SHA-256 of a command's validated body: same id + same body replays, same id + other body conflicts. */
export function commandHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(body))).digest('base64url');
}
