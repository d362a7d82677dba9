/**
 * Signed checkpoints of the integrity log: c2sp.org/tlog-checkpoint bodies in c2sp.org/signed-note envelopes,
 * signed with Ed25519. This is the entry point other modules import.
 */
import { formatCheckpointBody, parseCheckpointBody, type Checkpoint } from './checkpoint-body.js';
import { openNote, parseSignedNote, signNote, type NoteSignature } from './note.js';
import type { NoteSigner, NoteVerifier } from './note-keys.js';

export type { Checkpoint } from './checkpoint-body.js';
export {
  MAX_NOTE_SIGNATURES,
  openNote,
  parseSignedNote,
  signNote,
  type NoteSignature,
  type SignedNote,
} from './note.js';
export {
  exportNoteSignerPem,
  formatVerifierKey,
  generateNoteSigner,
  loadNoteSigner,
  noteKeyId,
  parseVerifierKey,
  type NoteSigner,
  type NoteVerifier,
} from './note-keys.js';
export { SignedNoteError, type SignedNoteErrorCode } from './signed-note-error.js';

export interface ParsedCheckpoint extends Checkpoint {
  readonly signatures: NoteSignature[];
}

/** The checkpoint note `<origin>\n<size>\n<base64 root>\n\n— <key name> <base64 signature>\n`. */
export function signCheckpoint(
  checkpoint: { origin: string; size: number; rootHash: Uint8Array },
  signer: NoteSigner,
): string {
  return signNote(formatCheckpointBody(checkpoint), signer);
}

/** Reads a checkpoint note without verifying it: its contents MUST NOT be trusted until verifyCheckpoint. */
export function parseCheckpoint(note: string): ParsedCheckpoint {
  const { text, signatures } = parseSignedNote(note);
  return { ...parseCheckpointBody(text), signatures };
}

/** The checkpoint, once its syntax is strict and the signature by `verifier` checks out; throws SignedNoteError. */
export function verifyCheckpoint(note: string, verifier: string | NoteVerifier): Checkpoint {
  parseCheckpoint(note);
  return parseCheckpointBody(openNote(note, verifier));
}
