import { hash } from 'node:crypto';

/**
 * Canonical JSON: keys sorted at every level, undefined members dropped (in arrays: null), so that key order
 * never changes the hash. JSON.stringify of a copy whose keys are in canonical order, which is what hashes already
 * stored were made from (command-hash.spec.ts holds it, with pinned hashes). Key order is this serializer's business,
 * not its callers': records are built in whatever order reads best, and the sorted order of each shape of object is
 * worked out once (`sortedKeys`). (Measured against writing the text by hand: the copy and V8's own stringify are
 * faster, and hash a flat string; docs/benchmarks.md.)
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedCopy(value)) ?? 'null';
}

function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return sortedCopy((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value)) return value.map(sortedCopy);
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of sortedKeys(record)) {
    // `__proto__` as an own key (JSON.parse makes one) must stay a property, not set the copy's prototype
    if (key === '__proto__')
      Object.defineProperty(copy, key, { value: sortedCopy(record[key]), enumerable: true, writable: true });
    else copy[key] = sortedCopy(record[key]);
  }
  return copy;
}

/** Sorted key lists by shape (the keys in insertion order): a command body has a handful, met for every command. */
const shapes = new Map<string, { own: string[]; keys: string[] }>();

function sortedKeys(record: Record<string, unknown>): string[] {
  const own = Object.keys(record);
  const signature = own.join('\u0000');
  const known = shapes.get(signature);
  // the joined keys name a shape unless a key is empty or holds NUL: then compare the keys themselves
  if (known && known.own.length === own.length && known.own.every((k, i) => k === own[i])) return known.keys;
  const keys = canonicalKeys(own);
  if (shapes.size >= 1000) shapes.clear(); // bodies with free-form keys would otherwise grow it without end
  shapes.set(signature, { own, keys });
  return keys;
}

const isArrayIndex = (key: string) => /^(0|[1-9]\d*)$/.test(key) && Number(key) < 4_294_967_295;

/** Sorted keys in the order an object built from them enumerates them: array-index keys first, ascending. */
function canonicalKeys(own: string[]): string[] {
  const sorted = [...own].sort();
  if (!sorted.some(isArrayIndex)) return sorted;
  return [
    ...sorted.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b)),
    ...sorted.filter((k) => !isArrayIndex(k)),
  ];
}

/** SHA-256 of a command's validated body: same id + same body replays, same id + other body conflicts. */
export function commandHash(body: unknown): string {
  return hash('sha256', canonicalJson(body), 'base64url');
}
