import { createHash } from 'node:crypto';

/**
 * Canonical JSON: keys sorted at every level, undefined members dropped (in arrays: null), so that key order
 * never changes the hash. Written straight to text (no sorted copy of the body): the same text as
 * JSON.stringify of a key-sorted copy, which is what hashes already stored were made from
 * (command-hash.spec.ts holds the two equal). Key order is this serializer's business, not its callers': records are
 * built in whatever order reads best, and the sorted order of each shape of object is worked out once (`shapeOf`).
 */
export function canonicalJson(value: unknown): string {
  if (isCanonical(value)) return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return canonicalJson((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++)
      out +=
        (i > 0 ? ',' : '') +
        (value[i] === undefined || typeof value[i] === 'function' ? 'null' : canonicalJson(value[i]));
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const { keys, quoted } = shapeOf(record);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const member = record[keys[i]];
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    out += `${out.length > 1 ? ',' : ''}${quoted[i]}:${canonicalJson(member)}`;
  }
  return `${out}}`;
}

interface Shape {
  /** the object's own keys in canonical order */
  keys: string[];
  /** each key as JSON text */
  quoted: string[];
}

/** Shapes seen (by their keys in insertion order): a command body has a handful, each met for every command. */
const shapes = new Map<string, Shape>();

function shapeOf(record: Record<string, unknown>): Shape {
  const own = Object.keys(record);
  const signature = own.join('\u0000');
  let shape = shapes.get(signature);
  if (!shape) {
    const keys = canonicalKeys(own);
    shape = { keys, quoted: keys.map((k) => JSON.stringify(k)) };
    if (shapes.size >= 1000) shapes.clear(); // bodies with free-form keys would otherwise grow it without end
    shapes.set(signature, shape);
  }
  return shape;
}

/**
 * True when JSON.stringify already writes the canonical text: at every level, own keys in sorted order and none
 * that is (or may be) an array index, no undefined, function, symbol or bigint member, no toJSON.
 */
function isCanonical(value: unknown): boolean {
  if (value === null) return true;
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return true;
  if (type !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isCanonical(value[i])) return false;
    return true;
  }
  let previous: string | null = null;
  for (const key in value as object) {
    const first = key.charCodeAt(0);
    if (
      !Object.hasOwn(value as object, key) ||
      (first >= 48 && first <= 57) ||
      (previous !== null && !(previous < key))
    )
      return false;
    if (!isCanonical((value as Record<string, unknown>)[key])) return false;
    previous = key;
  }
  return true;
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
  return createHash('sha256').update(canonicalJson(body)).digest('base64url');
}
