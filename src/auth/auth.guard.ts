import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { problem, ProblemError } from '../http/problem.js';
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
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header) : null;
    if (!match) throw unauthenticated('send Authorization: Bearer <JWT>');
    try {
      request.principal = await this.verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof TokenRejectedError) throw unauthenticated(error.message);
      throw error;
    }
    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (!allowed.some((role) => request.principal!.roles.includes(role))) {
      throw new ProblemError(
        problem(
          403,
          'FORBIDDEN',
          'Forbidden',
          `this operation needs one of the roles: ${allowed.join(', ') || '(none)'}`,
        ),
      );
    }
    return true;
  }
}

function unauthenticated(detail: string): ProblemError {
  return new ProblemError(problem(401, 'UNAUTHENTICATED', 'Authentication required', detail));
}
