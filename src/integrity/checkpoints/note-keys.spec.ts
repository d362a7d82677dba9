import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import {
  exportNoteSignerPem,
  formatVerifierKey,
  generateNoteSigner,
  loadNoteSigner,
  openNote,
  parseVerifierKey,
  signNote,
} from './signed-note.js';

/** The example of golang.org/x/mod/sumdb/note (Go's reference implementation of c2sp.org/signed-note). */
const GO_SIGNER_KEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VERIFIER_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
const goSeed = Buffer.from(GO_SIGNER_KEY.split('+').slice(4).join('+'), 'base64').subarray(1);

describe('Ed25519 note keys (c2sp.org/signed-note)', () => {
  it('given the Go sumdb/note example seed, derives its key ID and verifier key, and signs byte for byte', () => {
    const signer = loadNoteSigner('PeterNeumann', goSeed);
    expect(signer.keyId.toString('hex')).toBe('c74f20a3');
    expect(formatVerifierKey(signer)).toBe(GO_VERIFIER_KEY);
    expect(signNote(GO_TEXT, signer)).toBe(GO_NOTE);
    expect(openNote(GO_NOTE, GO_VERIFIER_KEY)).toBe(GO_TEXT);
    expect(() => openNote(GO_NOTE.replace('cryptography', 'cryptographY'), GO_VERIFIER_KEY)).toThrow('does not verify');
  });

  it('round-trips a generated key through PKCS#8 PEM', () => {
    const signer = generateNoteSigner('ledger.example/log');
    const reloaded = loadNoteSigner('ledger.example/log', exportNoteSignerPem(signer));
    expect(formatVerifierKey(reloaded)).toBe(formatVerifierKey(signer));
    expect(parseVerifierKey(formatVerifierKey(signer)).keyId.equals(signer.keyId)).toBe(true);
  });

  it.each([
    ['a seed of 31 bytes', Buffer.alloc(31)],
    [
      'an RSA key',
      generateKeyPairSync('rsa', { modulusLength: 1024 })
        .privateKey.export({ format: 'pem', type: 'pkcs8' })
        .toString(),
    ],
    ['garbage PEM', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'],
  ])('refuses to load %s', (_what, key) =>
    expect(() => loadNoteSigner('log', key)).toThrow(expect.objectContaining({ code: 'BAD_KEY' })),
  );

  it.each(['', 'has space', 'has+plus', 'tab\there', 'nbsp\u00a0here', 'line\nbreak', 'lone\ud800surrogate'])(
    'refuses the key name %j',
    (name) => {
      expect(() => generateNoteSigner(name)).toThrow(expect.objectContaining({ code: 'BAD_KEY' }));
    },
  );

  it('refuses every truncation and every one-byte change of a verifier key (as Go TestNewVerifier)', () => {
    for (let i = 0; i <= GO_VERIFIER_KEY.length; i += 1) {
      for (let j = i + 1; j <= GO_VERIFIER_KEY.length; j += 1) {
        if (i !== 0 || j !== GO_VERIFIER_KEY.length)
          expect(() => parseVerifierKey(GO_VERIFIER_KEY.slice(i, j))).toThrow();
      }
    }
    for (let i = 0; i < GO_VERIFIER_KEY.length; i += 1) {
      const changed =
        GO_VERIFIER_KEY.slice(0, i) +
        String.fromCharCode(GO_VERIFIER_KEY.charCodeAt(i) + 1) +
        GO_VERIFIER_KEY.slice(i + 1);
      expect(() => parseVerifierKey(changed)).toThrow();
    }
  });

  it('refuses other signature types and upper-case or mismatched key IDs', () => {
    const [name, id, key] = GO_VERIFIER_KEY.split('+');
    const typed = (type: number) =>
      Buffer.concat([Buffer.from([type]), Buffer.from(key, 'base64').subarray(1)]).toString('base64');
    expect(() => parseVerifierKey(`${name}+${id}+${typed(0x04)}`)).toThrow('8 hex digits');
    expect(() => parseVerifierKey(`${name}+${id.toUpperCase()}+${key}`)).toThrow('8 hex digits');
    expect(() => parseVerifierKey(`PeterNeumann2+${id}+${key}`)).toThrow('does not match');
  });
});
