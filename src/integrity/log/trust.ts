/**
 * Trust anchors for the integrity log: checkpoints the operator kept or published outside the ledger's own database
 * (a witness file the service appends every checkpoint it signs to, or notes given to the audit), and the keys a
 * checkpoint may be signed with (the current one and those it replaced, for rotation). A log that an attacker with
 * write access to the database rolled back, rewrote or truncated no longer matches a trusted checkpoint, whatever
 * the database itself now says.
 */
import { appendFileSync, closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { verifyCheckpoint } from '../checkpoints/signed-note.js';

export interface TrustedCheckpoint {
  size: number;
  rootHash: Buffer;
  note: string;
}

/** The checkpoint in `note` once a signature by one of `verifiers` checks out; throws otherwise. */
export function verifyWithAny(note: string, verifiers: readonly string[]): TrustedCheckpoint {
  let last: unknown = null;
  for (const verifier of verifiers) {
    try {
      const { size, rootHash } = verifyCheckpoint(note, verifier);
      return { size, rootHash: Buffer.from(rootHash), note };
    } catch (error) {
      last = error;
    }
  }
  throw new Error(`no trusted key signed it (${(last as Error | null)?.message ?? 'no keys given'})`);
}

/**
 * Checkpoint notes in a file: a witness file (one JSON line `{"size":…,"note":"…"}` per checkpoint), or the text of one
 * note as served by GET /v1/integrity/checkpoint (Accept: text/plain).
 */
export function notesIn(text: string): string[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length > 0 && lines.every((l) => l.trimStart().startsWith('{'))) {
    return lines.map((l) => (JSON.parse(l) as { note: string }).note);
  }
  return text.trim() === '' ? [] : [text.endsWith('\n') ? text : `${text}\n`];
}

/** Every checkpoint in the files, verified; the list is ordered by size. Throws naming the first that does not verify. */
export function trustedCheckpoints(files: readonly string[], verifiers: readonly string[]): TrustedCheckpoint[] {
  const trusted: TrustedCheckpoint[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    for (const [i, note] of notesIn(readFileSync(file, 'utf8')).entries()) {
      try {
        trusted.push(verifyWithAny(note, verifiers));
      } catch (error) {
        throw new Error(`${file}, checkpoint ${i + 1}: ${(error as Error).message}`, { cause: error });
      }
    }
  }
  return trusted.sort((a, b) => a.size - b.size);
}

/** Appends a checkpoint just signed to the witness file (kept outside the data directory, e.g. another volume or host). */
export function witness(file: string, checkpoint: { size: number; note: string }): void {
  appendFileSync(file, `${JSON.stringify({ size: checkpoint.size, note: checkpoint.note })}\n`, { mode: 0o600 });
}

/** The last checkpoint of a witness file, verified (read from the file's end: it grows by a line per checkpoint). */
export function lastWitnessed(file: string, verifiers: readonly string[]): TrustedCheckpoint | null {
  if (!existsSync(file)) return null;
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(size, 16 * 1024));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    const lines = tail
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    const last = lines.at(-1);
    return last ? verifyWithAny((JSON.parse(last) as { note: string }).note, verifiers) : null;
  } finally {
    closeSync(fd);
  }
}
