/** Production verification against an identity provider's JWKS, served here by a real local HTTP server. */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, SignJWT } from 'jose';
import { loadConfig } from '../config/config.js';
import { TokenRejectedError, TokenVerifier } from './token-verifier.js';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
let server: Server;
let jwksUrl: string;

beforeAll(async () => {
  const jwk = { ...(await exportJWK(publicKey)), kid: 'idp-key-1', alg: 'ES256', use: 'sig' };
  server = createServer((_, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/.well-known/jwks.json`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const token = (claims: Record<string, unknown>, iss = 'https://idp.example-plan.org') =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: 'idp-key-1' })
    .setIssuer(iss)
    .setAudience('phi-ledger-api')
    .setSubject('hie-gateway')
    .setExpirationTime('5m')
    .sign(privateKey);

describe('tokens from an identity provider (LEDGER_AUTH_JWKS_URL)', () => {
  const verifier = () =>
    TokenVerifier.fromConfig(
      loadConfig({
        LEDGER_AUTH_JWKS_URL: jwksUrl,
        LEDGER_AUTH_ISSUER: 'https://idp.example-plan.org',
        LEDGER_AUTH_AUDIENCE: 'phi-ledger-api',
      }),
    );

  it('accepts a token signed by a key in the JWKS, with its azp as the client', async () => {
    await expect(verifier().verify(await token({ roles: ['recorder'], azp: 'hie-gateway-client' }))).resolves.toEqual({
      subject: 'hie-gateway',
      roles: ['recorder'],
      clientId: 'hie-gateway-client',
    });
  });

  it('refuses another issuer and a key that is not in the JWKS', async () => {
    await expect(
      verifier().verify(await token({ roles: ['recorder'] }, 'https://evil.example')),
    ).rejects.toBeInstanceOf(TokenRejectedError);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const forged = await new SignJWT({ roles: ['recorder'] })
      .setProtectedHeader({ alg: 'ES256', kid: 'idp-key-1' })
      .setIssuer('https://idp.example-plan.org')
      .setAudience('phi-ledger-api')
      .setSubject('x')
      .setExpirationTime('5m')
      .sign(other);
    await expect(verifier().verify(forged)).rejects.toBeInstanceOf(TokenRejectedError);
  });
});
