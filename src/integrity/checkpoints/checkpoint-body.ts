/**
 * The c2sp.org/tlog-checkpoint note text: `<origin>\n<tree size>\n<base64 root hash>\n`. phi-ledger issues no
 * extension lines (the spec marks them NOT RECOMMENDED), so a checkpoint with any is refused.
 */
import { decodeCanonicalBase64, isWellFormedUtf16 } from './encoding.js';
import { SignedNoteError } from './signed-note-error.js';

/** An RFC 9162 tree head: the log's identity, the number of leaves, and MTH of those leaves. */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Buffer;
}

const ROOT_HASH_SIZE = 32;
/** tlog-checkpoint line 2: ASCII decimal, no leading zeroes unless the tree is empty. */
const CANONICAL_SIZE = /^(?:0|[1-9][0-9]*)$/;

export function formatCheckpointBody({
  origin,
  size,
  rootHash,
}: {
  origin: string;
  size: number;
  rootHash: Uint8Array;
}): string {
  assertOrigin(origin);
  if (!Number.isSafeInteger(size) || size < 0)
    throw malformed(`tree size must be a non-negative safe integer, got ${size}`);
  if (rootHash.length !== ROOT_HASH_SIZE)
    throw malformed(`root hash must be ${ROOT_HASH_SIZE} bytes, got ${rootHash.length}`);
  return `${origin}\n${size}\n${Buffer.from(rootHash).toString('base64')}\n`;
}

export function parseCheckpointBody(text: string): Checkpoint {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : [];
  if (lines.length !== 3) throw malformed('a checkpoint is exactly three lines: origin, tree size, base64 root hash');
  const [origin, sizeText, rootText] = lines;
  assertOrigin(origin);
  const size = Number(sizeText);
  if (!CANONICAL_SIZE.test(sizeText) || !Number.isSafeInteger(size)) {
    throw malformed(`tree size ${JSON.stringify(sizeText)} is not a canonical decimal (no sign, no leading zeroes)`);
  }
  const rootHash = decodeCanonicalBase64(rootText);
  if (rootHash === null || rootHash.length !== ROOT_HASH_SIZE) {
    throw malformed(`root hash ${JSON.stringify(rootText)} is not the canonical base64 of ${ROOT_HASH_SIZE} bytes`);
  }
  return { origin, size, rootHash };
}

/** tlog-checkpoint line 1: a non-empty origin on one line. */
function assertOrigin(origin: string): void {
  if (origin === '' || /\p{Cc}/u.test(origin) || !isWellFormedUtf16(origin)) {
    throw malformed('origin must be a non-empty line of UTF-8 text without control characters');
  }
}

const malformed = (message: string) => new SignedNoteError('MALFORMED_CHECKPOINT', message);
