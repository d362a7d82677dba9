/**
 * The embedded default's token key: an Ed25519 key pair created in the data directory on first start
 * (private key readable by the owner only). Production verifies against a JWKS URL instead.
 */
import { generateKeyPairSync, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCAL_ISSUER = 'phi-ledger-local';
export const LOCAL_AUDIENCE = 'phi-ledger';

export interface LocalKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const keyFile = (dataDir: string, name: string) => join(dataDir, 'keys', `${name}.pem`);

/** Whether the data directory holds the local token key (the service creates it on first start). */
export const hasLocalKeys = (dataDir: string, name = 'auth-ed25519') => existsSync(keyFile(dataDir, name));

export function loadOrCreateLocalKeys(dataDir: string, name = 'auth-ed25519'): LocalKeyPair {
  const dir = join(dataDir, 'keys');
  const privatePath = keyFile(dataDir, name);
  if (!existsSync(privatePath)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    // 'wx' never overwrites: two processes starting together keep whichever key was written first.
    try {
      writeFileSync(privatePath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const privateKey = createPrivateKey(readFileSync(privatePath));
  return { privateKey, publicKey: createPublicKey(privateKey) };
}
