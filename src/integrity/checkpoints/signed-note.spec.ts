import { describe, expect, it } from '@jest/globals';
import {
  formatVerifierKey,
  generateNoteSigner,
  parseCheckpoint,
  parseVerifierKey,
  signCheckpoint,
  signNote,
  verifyCheckpoint,
} from './signed-note.js';

const signer = generateNoteSigner('phi-ledger.example/log');
const vkey = formatVerifierKey(signer);
const rootHash = Buffer.alloc(32, 0xab);
const checkpoint = { origin: 'phi-ledger.example/log', size: 1000, rootHash };
const note = signCheckpoint(checkpoint, signer);
const [body, signatureLine] = note.split('\n\n');
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Sets an unused low bit of the last base64 digit before '=': same bytes for Node, a second spelling. */
const setSpareBit = (b64: string): string => {
  const at = b64.lastIndexOf('=') - (b64.endsWith('==') ? 2 : 1);
  return b64.slice(0, at) + ALPHABET[ALPHABET.indexOf(b64[at]) | 1] + b64.slice(at + 1);
};
const expectCode = (code: string, run: () => unknown) => expect(run).toThrow(expect.objectContaining({ code }));

describe('signed checkpoints (c2sp.org/tlog-checkpoint in c2sp.org/signed-note)', () => {
  it('given a tree head, when signed, then the note has the documented shape and verifies back', () => {
    expect(body).toBe(`phi-ledger.example/log\n1000\n${rootHash.toString('base64')}`);
    expect(signatureLine).toMatch(/^— phi-ledger\.example\/log [A-Za-z0-9+/]{91}=\n$/);
    expect(Buffer.from(signatureLine.split(' ')[2], 'base64').subarray(0, 4).equals(signer.keyId)).toBe(true);
    expect(verifyCheckpoint(note, vkey)).toEqual(checkpoint);
    expect(verifyCheckpoint(note, parseVerifierKey(vkey))).toEqual(checkpoint);
  });

  it('signs and verifies the empty tree (size 0)', () => {
    const empty = { origin: 'o', size: 0, rootHash };
    expect(verifyCheckpoint(signCheckpoint(empty, signer), vkey)).toEqual(empty);
  });

  it('parses without verifying, listing the signature lines', () => {
    const parsed = parseCheckpoint(note);
    expect(parsed.size).toBe(1000);
    expect(parsed.signatures.map((s) => [s.keyName, s.keyId.toString('hex'), s.signature.length])).toEqual([
      [signer.keyName, signer.keyId.toString('hex'), 64],
    ]);
  });

  it.each([
    ['size', note.replace('\n1000\n', '\n1001\n')],
    ['origin', note.replace('phi-ledger.example/log\n', 'phi-ledger.example/lag\n')],
    ['root', note.replace(rootHash.toString('base64'), Buffer.alloc(32, 0xac).toString('base64'))],
  ])('refuses a tampered %s (BAD_SIGNATURE)', (_field, tampered) =>
    expectCode('BAD_SIGNATURE', () => verifyCheckpoint(tampered, vkey)),
  );

  it('refuses a tampered signature, and a key that shares name and key ID but not the public key', () => {
    const bytes = Buffer.from(signatureLine.trim().split(' ')[2], 'base64');
    bytes[10] ^= 1;
    expectCode('BAD_SIGNATURE', () =>
      verifyCheckpoint(`${body}\n\n— ${signer.keyName} ${bytes.toString('base64')}\n`, vkey),
    );
    const impostor = {
      ...parseVerifierKey(formatVerifierKey(generateNoteSigner(signer.keyName))),
      keyId: signer.keyId,
    };
    expectCode('BAD_SIGNATURE', () => verifyCheckpoint(note, impostor));
  });

  it('refuses a note signed by another key, or under another key name (UNKNOWN_KEY)', () => {
    expectCode('UNKNOWN_KEY', () => verifyCheckpoint(note, formatVerifierKey(generateNoteSigner(signer.keyName))));
    const renamed = generateNoteSigner('other.example/log');
    expectCode('UNKNOWN_KEY', () =>
      verifyCheckpoint(note, formatVerifierKey({ keyName: renamed.keyName, publicKey: signer.publicKey })),
    );
  });

  it('ignores signature lines of other keys (witness cosignatures) but refuses a bad second line of its own key', () => {
    const witness = signNote(`${body}\n`, generateNoteSigner('witness.example')).split('\n\n')[1];
    expect(verifyCheckpoint(`${note}${witness}`, vkey)).toEqual(checkpoint);
    const forgedLine = `— ${signer.keyName} ${Buffer.concat([signer.keyId, Buffer.alloc(64)]).toString('base64')}\n`;
    expectCode('BAD_SIGNATURE', () => verifyCheckpoint(`${note}${forgedLine}`, vkey));
  });

  it.each(['007', '+7', '-0', '7.0', ' 7', '1e3', '0x10', '9007199254740993', '١٠'])(
    'refuses the non-canonical size %j',
    (size) => {
      const forged = signNote(`o\n${size}\n${rootHash.toString('base64')}\n`, signer);
      expectCode('MALFORMED_CHECKPOINT', () => verifyCheckpoint(forged, vkey));
    },
  );

  it.each([
    ['an extension line', `o\n5\n${rootHash.toString('base64')}\nextension\n`],
    ['a missing root', 'o\n5\n'],
    ['a 31-byte root', `o\n5\n${Buffer.alloc(31).toString('base64')}\n`],
    ['a non-canonical base64 root', `o\n5\n${setSpareBit(rootHash.toString('base64'))}\n`],
    ['an empty origin', `\n5\n${rootHash.toString('base64')}\n`],
  ])('refuses a signed body with %s', (_what, text) => {
    expectCode('MALFORMED_CHECKPOINT', () => verifyCheckpoint(signNote(text, signer), vkey));
  });

  it.each([
    ['trailing garbage', `${note}garbage`],
    ['a trailing blank line', `${note}\n`],
    ['no final newline', note.slice(0, -1)],
    ['no blank line', note.replace('\n\n', '\n')],
    ['CRLF line ends', note.replace(/\n/g, '\r\n')],
    ['a hyphen for the em dash', note.replace('—', '-')],
    ['two spaces after the dash', note.replace('— ', '—  ')],
    ['a signature too short for a key ID', `${body}\n\n— ${signer.keyName} AAAA\n`],
    ['a NUL character', note.replace('phi', 'p\u0000hi')],
    ['a padding-bit change in the signature', `${setSpareBit(note.slice(0, -1))}\n`],
  ])('refuses a note with %s (MALFORMED_NOTE)', (_what, malformed) => {
    expectCode('MALFORMED_NOTE', () => verifyCheckpoint(malformed, vkey));
  });

  it('refuses to sign what it could not verify', () => {
    expectCode('MALFORMED_CHECKPOINT', () => signCheckpoint({ ...checkpoint, origin: 'two\nlines' }, signer));
    expectCode('MALFORMED_CHECKPOINT', () => signCheckpoint({ ...checkpoint, size: -1 }, signer));
    expectCode('MALFORMED_CHECKPOINT', () => signCheckpoint({ ...checkpoint, rootHash: Buffer.alloc(20) }, signer));
  });
});
