/**
 * Ed25519 keys for c2sp.org/signed-note (signature type 0x01): key IDs, verifier keys, and signing keys
 * generated or loaded with node:crypto (PKCS#8 PEM, or the raw 32-byte RFC 8032 seed).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { decodeCanonicalBase64, isWellFormedUtf16 } from './encoding.js';
import { SignedNoteError } from './signed-note-error.js';

const ED25519 = 0x01;
/** DER prefix of a PKCS#8 Ed25519 private key (RFC 8410 §7), followed by the 32-byte seed. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface NoteSigner {
  readonly keyName: string;
  readonly keyId: Buffer;
  /** The 32-byte RFC 8032 public key. */
  readonly publicKey: Buffer;
  readonly privateKey: KeyObject;
}

export interface NoteVerifier {
  readonly keyName: string;
  readonly keyId: Buffer;
  readonly publicKey: KeyObject;
}

/** signed-note §Format: key names are non-empty, without Unicode spaces, plus signs or control characters. */
export function assertKeyName(keyName: string): void {
  if (keyName === '' || /[\s+\p{Cc}]/u.test(keyName) || !isWellFormedUtf16(keyName)) {
    throw new SignedNoteError(
      'BAD_KEY',
      `key name ${JSON.stringify(keyName)} must be non-empty UTF-8 without spaces or "+"`,
    );
  }
}

/** signed-note §Ed25519 signatures: key ID = SHA-256(key name || 0x0A || 0x01 || public key)[:4]. */
export function noteKeyId(keyName: string, publicKey: Uint8Array): Buffer {
  const digest = createHash('sha256')
    .update(keyName, 'utf8')
    .update(Buffer.from([0x0a, ED25519]))
    .update(publicKey)
    .digest();
  return digest.subarray(0, 4);
}

export function generateNoteSigner(keyName: string): NoteSigner {
  return signerFrom(keyName, generateKeyPairSync('ed25519').privateKey);
}

/** Loads a signing key from PKCS#8 PEM text or from the raw 32-byte seed. */
export function loadNoteSigner(keyName: string, privateKey: string | Uint8Array): NoteSigner {
  try {
    if (typeof privateKey === 'string') return signerFrom(keyName, createPrivateKey(privateKey));
    if (privateKey.length !== 32) throw new Error(`a raw Ed25519 seed is 32 bytes, got ${privateKey.length}`);
    const der = Buffer.concat([PKCS8_ED25519_PREFIX, privateKey]);
    return signerFrom(keyName, createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
  } catch (error) {
    if (error instanceof SignedNoteError) throw error;
    throw new SignedNoteError('BAD_KEY', `not an Ed25519 private key: ${(error as Error).message}`);
  }
}

/** PKCS#8 PEM of the signing key, for storing under LEDGER_DATA_DIR. */
export function exportNoteSignerPem(signer: NoteSigner): string {
  return signer.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** The verifier key `<name>+<hex key ID>+<base64(0x01 || public key)>` that clients configure. */
export function formatVerifierKey(key: Pick<NoteSigner, 'keyName' | 'publicKey'>): string {
  const keyId = noteKeyId(key.keyName, key.publicKey).toString('hex');
  return `${key.keyName}+${keyId}+${Buffer.concat([Buffer.from([ED25519]), key.publicKey]).toString('base64')}`;
}

/** Parses a verifier key, refusing other signature types and a key ID that does not match the key. */
export function parseVerifierKey(verifierKey: string): NoteVerifier {
  // Names contain no '+', so the first two '+' separate the fields; the base64 key may itself contain '+'.
  const [, keyName = '', keyIdHex = '', encoded = ''] = /^([^+]*)\+([0-9a-f]{8})\+(.*)$/su.exec(verifierKey) ?? [];
  const typeAndKey = decodeCanonicalBase64(encoded);
  if (typeAndKey?.length !== 33 || typeAndKey[0] !== ED25519) {
    throw new SignedNoteError(
      'BAD_KEY',
      'a verifier key is <name>+<8 hex digits>+<base64 of 0x01 and a 32-byte Ed25519 key>',
    );
  }
  assertKeyName(keyName);
  const rawKey = typeAndKey.subarray(1);
  if (noteKeyId(keyName, rawKey).toString('hex') !== keyIdHex) {
    throw new SignedNoteError('BAD_KEY', `verifier key ID ${keyIdHex} does not match the key named ${keyName}`);
  }
  const publicKey = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: rawKey.toString('base64url') },
    format: 'jwk',
  });
  return { keyName, keyId: Buffer.from(keyIdHex, 'hex'), publicKey };
}

function signerFrom(keyName: string, privateKey: KeyObject): NoteSigner {
  assertKeyName(keyName);
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new SignedNoteError('BAD_KEY', 'the signing key must be Ed25519');
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const publicKey = Buffer.from(jwk.x as string, 'base64url');
  return { keyName, keyId: noteKeyId(keyName, publicKey), publicKey, privateKey };
}
