import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { loadConfig } from '../config/config.js';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateLocalKeys } from './local-keys.js';
import { issueLocalToken, TokenRejectedError, TokenVerifier } from './token-verifier.js';

const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const verifier = () => TokenVerifier.fromConfig(loadConfig({ LEDGER_DATA_DIR: dir }));

async function signed(
  claims: Record<string, unknown>,
  options: {
    key?: ReturnType<typeof loadOrCreateLocalKeys>['privateKey'];
    iss?: string;
    aud?: string;
    exp?: number;
  } = {},
) {
  const key = options.key ?? loadOrCreateLocalKeys(dir).privateKey;
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA' })
    .setIssuer(options.iss ?? LOCAL_ISSUER)
    .setAudience(options.aud ?? LOCAL_AUDIENCE);
  if (options.exp !== 0) jwt = jwt.setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 600);
  return jwt.sign(key);
}

describe('bearer tokens (embedded default: local Ed25519 key)', () => {
  it('creates the key pair once, owner-readable only, and keeps it across starts', () => {
    const first = loadOrCreateLocalKeys(dir);
    const second = loadOrCreateLocalKeys(dir);
    expect(first.publicKey.export({ format: 'jwk' })).toEqual(second.publicKey.export({ format: 'jwk' }));
    expect(statSync(join(dir, 'keys', 'auth-ed25519.pem')).mode & 0o777).toBe(0o600);
  });

  it('accepts a token from `phi-ledger token` and reads subject, roles and client', async () => {
    const token = await issueLocalToken(dir, { subject: 'claims-service', roles: ['recorder'], clientId: 'claims' });
    await expect(verifier().verify(token)).resolves.toEqual({
      subject: 'claims-service',
      roles: ['recorder'],
      clientId: 'claims',
    });
  });

  it('a cached token stops being accepted when it expires (30 s clock tolerance)', async () => {
    let now = Date.now();
    const v = TokenVerifier.fromConfig(loadConfig({ LEDGER_DATA_DIR: dir }), () => now);
    const token = await signed({ sub: 's', roles: ['auditor'] }, { exp: Math.floor(now / 1000) + 60 });
    await expect(v.verify(token)).resolves.toMatchObject({ subject: 's' });
    now += 80_000;
    await expect(v.verify(token)).resolves.toMatchObject({ subject: 's' });
    now += 20_000;
    await expect(v.verify(token)).rejects.toBeInstanceOf(TokenRejectedError);
  });

  it.each([
    ['expired', () => signed({ sub: 's', roles: ['auditor'] }, { exp: Math.floor(Date.now() / 1000) - 120 })],
    ['without exp', () => signed({ sub: 's', roles: ['auditor'] }, { exp: 0 })],
    ['without sub', () => signed({ roles: ['auditor'] })],
    ['with an empty sub', () => signed({ sub: '', roles: ['auditor'] })],
    ['with a blank sub', () => signed({ sub: '   ', roles: ['auditor'] })],
    ['with a control character in sub', () => signed({ sub: 'a\nb', roles: ['auditor'] })],
    ['with a 257-character sub', () => signed({ sub: 's'.repeat(257), roles: ['auditor'] })],
    ['from another issuer', () => signed({ sub: 's', roles: ['auditor'] }, { iss: 'someone-else' })],
    ['for another audience', () => signed({ sub: 's', roles: ['auditor'] }, { aud: 'other-api' })],
    [
      'signed with another key',
      () => signed({ sub: 's', roles: ['auditor'] }, { key: generateKeyPairSync('ed25519').privateKey }),
    ],
    ['with an unknown role', () => signed({ sub: 's', roles: ['admin'] })],
    ['with no roles', () => signed({ sub: 's', roles: [] })],
    [
      'with HS256 (symmetric algorithms are refused)',
      () =>
        new SignJWT({ sub: 's', roles: ['auditor'] })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(LOCAL_ISSUER)
          .setAudience(LOCAL_AUDIENCE)
          .setExpirationTime('10m')
          .sign(new TextEncoder().encode('x'.repeat(32))),
    ],
    ['that is not a JWT', async () => 'not-a-token'],
  ])('rejects a token %s', async (_label, make) => {
    await expect(verifier().verify(await make())).rejects.toBeInstanceOf(TokenRejectedError);
  });
});
