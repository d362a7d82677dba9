/**
 * c2sp.org/signed-note framing with Ed25519 signatures: the text (ending in a newline), a blank line, then
 * signature lines `— <key name> <base64(4-byte key ID || signature)>`. The signature covers the text including
 * its final newline but not the blank line.
 */
import { sign, verify } from 'node:crypto';
import { decodeCanonicalBase64, isWellFormedUtf16 } from './encoding.js';
import { assertKeyName, parseVerifierKey, type NoteSigner, type NoteVerifier } from './note-keys.js';
import { SignedNoteError } from './signed-note-error.js';

/** signed-note §Format: verifiers SHOULD cap the signatures of a note and MUST accept at least 16. */
export const MAX_NOTE_SIGNATURES = 100;
const MAX_NOTE_LENGTH = 1 << 20;
const ED25519_SIGNATURE_SIZE = 64;
// eslint-disable-next-line no-control-regex -- control characters (but newline) are what a C2SP note may not hold
const FORBIDDEN_CONTROL = /[\u0000-\u0009\u000b-\u001f]/u;

export interface NoteSignature {
  readonly keyName: string;
  readonly keyId: Buffer;
  readonly signature: Buffer;
}

export interface SignedNote {
  readonly text: string;
  readonly signatures: NoteSignature[];
}

/** The signed note: `text`, a blank line, and one signature line by `signer`. */
export function signNote(text: string, signer: NoteSigner): string {
  assertNoteCharacters(text);
  if (!text.endsWith('\n')) throw malformed('the text of a note must end with a newline');
  const signature = sign(null, Buffer.from(text, 'utf8'), signer.privateKey);
  return `${text}\n\u2014 ${signer.keyName} ${Buffer.concat([signer.keyId, signature]).toString('base64')}\n`;
}

/** Splits a note into its text and signature lines without verifying anything (the text is untrusted). */
export function parseSignedNote(note: string): SignedNote {
  if (note.length > MAX_NOTE_LENGTH) throw malformed(`the note is longer than ${MAX_NOTE_LENGTH} characters`);
  assertNoteCharacters(note);
  const split = note.lastIndexOf('\n\n'); // the text is separated from signatures by the last empty line
  if (split < 0) throw malformed('no blank line separates the text from the signature lines');
  const block = note.slice(split + 2);
  if (!block.endsWith('\n')) throw malformed('the last signature line must end with a newline, with nothing after it');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) throw malformed(`more than ${MAX_NOTE_SIGNATURES} signature lines`);
  return { text: note.slice(0, split + 1), signatures: lines.map(parseSignatureLine) };
}

/**
 * The text of `note` once a signature by `verifier` checks out. Lines from other keys are ignored
 * (signed-note §Signatures); a failing line from the verifier's key rejects the whole note.
 */
export function openNote(note: string, verifier: string | NoteVerifier): string {
  const key = typeof verifier === 'string' ? parseVerifierKey(verifier) : verifier;
  const { text, signatures } = parseSignedNote(note);
  const fromKey = signatures.filter((line) => line.keyName === key.keyName && line.keyId.equals(key.keyId));
  if (fromKey.length === 0) {
    throw new SignedNoteError(
      'UNKNOWN_KEY',
      `no signature from ${key.keyName} with key ID ${key.keyId.toString('hex')}`,
    );
  }
  for (const line of fromKey) {
    const valid =
      line.signature.length === ED25519_SIGNATURE_SIZE &&
      verify(null, Buffer.from(text, 'utf8'), key.publicKey, line.signature);
    if (!valid) throw new SignedNoteError('BAD_SIGNATURE', `the signature by ${key.keyName} does not verify`);
  }
  return text;
}

function parseSignatureLine(line: string, index: number): NoteSignature {
  const match = /^\u2014 ([^ ]+) ([^ ]+)$/u.exec(line);
  const bytes = match === null ? null : decodeCanonicalBase64(match[2]);
  if (match === null || bytes === null || bytes.length < 5) {
    throw malformed(`signature line ${index + 1} is not "\u2014 <key name> <base64 of key ID and signature>"`);
  }
  try {
    assertKeyName(match[1]);
  } catch {
    throw malformed(`signature line ${index + 1} has an invalid key name`);
  }
  return { keyName: match[1], keyId: bytes.subarray(0, 4), signature: bytes.subarray(4) };
}

/** signed-note §Format: valid UTF-8 and no ASCII control characters other than newline. */
function assertNoteCharacters(text: string): void {
  if (FORBIDDEN_CONTROL.test(text) || !isWellFormedUtf16(text)) {
    throw malformed('a note must be valid UTF-8 without control characters other than newline');
  }
}

const malformed = (message: string) => new SignedNoteError('MALFORMED_NOTE', message);
