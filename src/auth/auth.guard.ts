import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { problem, ProblemError } from '../http/problem.js';
import { RateLimits } from './rate-limits.js';
import type { Principal, Role } from './roles.js';
import { TOKEN_VERIFIER, TokenRejectedError, type TokenVerifier } from './token-verifier.js';

const ROLES_KEY = 'phi-ledger:roles';
const PUBLIC_KEY = 'phi-ledger:public';

/** The roles a route admits (any one suffices). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** A route anyone may call (health, metrics, docs, the integrity checkpoint and public key). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(), and one of its @Roles().
 * Missing/invalid token → 401; wrong role → 403.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    private readonly limits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.principal = await this.authenticate(request);
    const wait = await this.limits.caller(request.principal);
    if (wait !== null) throw tooMany(wait, 'this client has sent too many requests');
    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (!allowed.some((role) => request.principal!.roles.includes(role))) {
      const needed = allowed.join(', ') || '(none)';
      throw new ProblemError(
        problem(403, 'FORBIDDEN', 'Forbidden', `this operation needs one of the roles: ${needed}`),
      );
    }
    return true;
  }

  /** The verified caller; a request without a valid token is 401 (429 when its address keeps trying). */
  private async authenticate(request: AuthenticatedRequest): Promise<Principal> {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header) : null;
    try {
      if (!match) throw new TokenRejectedError('send Authorization: Bearer <JWT>');
      if (match[1].length > MAX_TOKEN_LENGTH) {
        throw new TokenRejectedError(`invalid token: longer than ${MAX_TOKEN_LENGTH} characters`);
      }
      return await this.verifier.verify(match[1]);
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      const wait = await this.limits.anonymous(request.ip);
      if (wait !== null) throw tooMany(wait, 'too many requests without a valid token from this address');
      throw unauthenticated(error.message, match !== null);
    }
  }
}

/** Tokens from any identity provider fit; a longer one is refused without verifying it. */
export const MAX_TOKEN_LENGTH = 8192;

/** 401 with RFC 6750's challenge: `error="invalid_token"` when a token was sent. */
function unauthenticated(detail: string, tokenSent: boolean): ProblemError {
  const challenge = `Bearer realm="phi-ledger"${tokenSent ? ', error="invalid_token"' : ''}`;
  return new ProblemError(problem(401, 'UNAUTHENTICATED', 'Authentication required', detail), {
    'WWW-Authenticate': challenge,
  });
}

function tooMany(seconds: number, detail: string): ProblemError {
  return new ProblemError(problem(429, 'TOO_MANY_REQUESTS', 'Too many requests', `${detail}; retry in ${seconds} s`), {
    'Retry-After': String(seconds),
  });
}
