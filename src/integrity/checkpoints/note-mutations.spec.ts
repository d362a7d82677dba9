/**
 * Adversarial property test: sign an arbitrary checkpoint, then change the note, its signature bytes or the
 * verifier key once; verifyCheckpoint must refuse every time with a SignedNoteError.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  SignedNoteError,
  formatVerifierKey,
  generateNoteSigner,
  signCheckpoint,
  verifyCheckpoint,
} from './signed-note.js';

const signer = generateNoteSigner('phi-ledger.example/log');
const vkey = formatVerifierKey(signer);
const otherKeys = [generateNoteSigner(signer.keyName), generateNoteSigner('phi-ledger.example/log2')].map(
  formatVerifierKey,
);

const checkpoint = fc.record({
  origin: fc.constantFrom('phi-ledger.example/log', 'o', 'a log with spaces', 'ünïcødé/log'),
  size: fc.oneof(fc.nat(), fc.constant(0), fc.constant(Number.MAX_SAFE_INTEGER)),
  rootHash: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes)),
});
const edit = fc.record({
  kind: fc.constantFrom('replace', 'insert', 'delete'),
  at: fc.nat(),
  char: fc.oneof(
    fc.constantFrom('\n', '—', ' ', '+', '/', '=', '0', 'A', '\r', '\t', '\u00a0'),
    fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }),
  ),
});
const mutation = fc.oneof(
  edit.map((e) => ({ on: 'text' as const, ...e })),
  fc.record({ on: fc.constant('signature' as const), bit: fc.nat(68 * 8 - 1) }),
  fc.record({ on: fc.constant('key' as const), which: fc.nat(otherKeys.length - 1) }),
);

function editText(note: string, e: { kind: string; at: number; char: string }): string {
  const at = e.at % (note.length + (e.kind === 'insert' ? 1 : 0));
  if (e.kind === 'insert') return note.slice(0, at) + e.char + note.slice(at);
  return note.slice(0, at) + (e.kind === 'replace' ? e.char : '') + note.slice(at + 1);
}

function flipSignatureBit(note: string, bit: number): string {
  const [body, line] = note.split('\n\n');
  const [dash, name, encoded] = line.slice(0, -1).split(' ');
  const bytes = Buffer.from(encoded, 'base64');
  bytes[Math.floor(bit / 8)] ^= 1 << (bit % 8);
  return `${body}\n\n${dash} ${name} ${bytes.toString('base64')}\n`;
}

describe('checkpoint verification under 10,000 single mutations', () => {
  it('accepts the original and refuses every changed note, signature bit or key', () => {
    fc.assert(
      fc.property(checkpoint, mutation, (head, m) => {
        const note = signCheckpoint(head, signer);
        expect(verifyCheckpoint(note, vkey)).toEqual(head);
        const [forged, key] =
          m.on === 'text'
            ? [editText(note, m), vkey]
            : m.on === 'signature'
              ? [flipSignatureBit(note, m.bit), vkey]
              : [note, otherKeys[m.which]];
        fc.pre(forged !== note || key !== vkey);
        expect(() => verifyCheckpoint(forged, key)).toThrow(SignedNoteError);
      }),
      { numRuns: 10_000 },
    );
  });
});
