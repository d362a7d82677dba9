/** HTTP glue for commands: the command context from the request, and outcomes as responses (api.md "Conventions"). */
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import type { CommandContext } from './command-context.js';
import type { Accepted, Outcome } from './decision.js';
import { isLedgerError, type LedgerError } from './ledger-error.js';
import { problem, ProblemError, type Problem } from '../http/problem.js';

/** The caller (from the verified token) and the request's correlation id. */
export const Context = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  return { principal: request.principal!, correlationId: String(request.id) };
});

const TITLES: Record<number, string> = { 404: 'Not found', 409: 'Conflict', 422: 'Unprocessable request' };

export function ledgerProblem(error: LedgerError): Problem {
  return problem(
    error.status,
    error.code,
    TITLES[error.status],
    error.detail,
    error.path ? { errors: [{ path: error.path, message: error.detail }] } : {},
  );
}

/** 201 the first time, 200 on a replay; a refused command becomes its problem. */
export function respond<R>(reply: FastifyReply, outcome: Outcome<R>): Accepted<R>['body'] {
  if (isLedgerError(outcome)) throw new ProblemError(ledgerProblem(outcome));
  void reply.status(outcome.status);
  return outcome.body;
}

/** One item of a batch: `created`, `replayed`, or `rejected` with the problem that refused it. */
export function itemResult<R>(index: number, outcome: Outcome<R>) {
  if (isLedgerError(outcome)) return rejectedItem(index, ledgerProblem(outcome));
  return { index, status: outcome.status === 201 ? 'created' : 'replayed', ...outcome.body };
}

export function rejectedItem(index: number, itemProblem: Problem) {
  return { index, status: 'rejected', problem: itemProblem };
}
