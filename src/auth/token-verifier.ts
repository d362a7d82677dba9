import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { KeyObject } from 'node:crypto';
import type { LedgerConfig } from '../config/config.js';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateLocalKeys } from './local-keys.js';
import { isRole, type Principal, type Role } from './roles.js';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/** Why a token was refused; the message goes to the caller (it names no token content). */
export class TokenRejectedError extends Error {}

/** Asymmetric algorithms only: an HMAC "alg" could be forged with the public key. */
const REMOTE_ALGORITHMS = ['EdDSA', 'ES256', 'ES384', 'RS256', 'PS256'];

const CACHE_TOKENS = 10_000;

export class TokenVerifier {
  /** Verified tokens until they expire: Ed25519 verification (~10k/s a core) would otherwise cap throughput. */
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();

  constructor(
    private readonly key: KeyObject | JWTVerifyGetKey,
    private readonly issuer: string,
    private readonly audience: string,
    private readonly algorithms: string[],
    private readonly now: () => number = Date.now,
  ) {}

  static fromConfig(config: LedgerConfig, now: () => number = Date.now): TokenVerifier {
    if (config.LEDGER_AUTH_JWKS_URL) {
      const jwks = createRemoteJWKSet(new URL(config.LEDGER_AUTH_JWKS_URL));
      return new TokenVerifier(jwks, config.LEDGER_AUTH_ISSUER!, config.LEDGER_AUTH_AUDIENCE!, REMOTE_ALGORITHMS, now);
    }
    const { publicKey } = loadOrCreateLocalKeys(config.LEDGER_DATA_DIR);
    return new TokenVerifier(
      publicKey,
      config.LEDGER_AUTH_ISSUER ?? LOCAL_ISSUER,
      config.LEDGER_AUTH_AUDIENCE ?? LOCAL_AUDIENCE,
      ['EdDSA'],
      now,
    );
  }

  async verify(token: string): Promise<Principal> {
    const cached = this.verified.get(token);
    if (cached && cached.expiresAtMs > this.now()) return cached.principal;
    if (cached) this.verified.delete(token);
    const { principal, expiresAtMs } = await this.verifyAndRead(token);
    if (this.verified.size >= CACHE_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { principal, expiresAtMs });
    return principal;
  }

  private async verifyAndRead(token: string): Promise<{ principal: Principal; expiresAtMs: number }> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key as KeyObject, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: this.algorithms,
        requiredClaims: ['sub', 'exp', 'iss', 'aud'],
        clockTolerance: 30,
        currentDate: new Date(this.now()),
      }));
    } catch (error) {
      throw new TokenRejectedError(`invalid token: ${(error as { code?: string }).code ?? 'verification failed'}`);
    }
    // the subject is recorded on every event the token writes: it must name someone
    if (typeof payload.sub !== 'string' || !isSubject(payload.sub)) {
      throw new TokenRejectedError('invalid token: claim "sub" must name the caller (1 to 256 characters, not blank)');
    }
    const roles = payload.roles;
    if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) {
      throw new TokenRejectedError(
        'invalid token: claim "roles" must be a non-empty array of recorder, member, representative, privacy-officer, auditor',
      );
    }
    const clientId =
      typeof payload.client_id === 'string' ? payload.client_id : typeof payload.azp === 'string' ? payload.azp : null;
    return { principal: { subject: payload.sub, roles: roles, clientId }, expiresAtMs: payload.exp! * 1000 };
  }
}

/** A subject names someone: not blank, no control characters, at most 256 characters. */
// eslint-disable-next-line no-control-regex -- control characters are what a subject may not hold
const isSubject = (sub: string) => sub.trim().length > 0 && sub.length <= 256 && !/[\u0000-\u001f\u007f]/u.test(sub);

/** Issues a token signed with the embedded default's local key (the `phi-ledger token` command). */
export async function issueLocalToken(
  dataDir: string,
  {
    subject,
    roles,
    ttlSeconds = 3600,
    clientId,
  }: { subject: string; roles: Role[]; ttlSeconds?: number; clientId?: string },
): Promise<string> {
  const { privateKey } = loadOrCreateLocalKeys(dataDir);
  return new SignJWT({ roles, ...(clientId ? { client_id: clientId } : {}) })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setSubject(subject)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(privateKey);
}
