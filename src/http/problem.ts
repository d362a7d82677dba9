import type { FastifyReply } from 'fastify';

/** RFC 9457 problem details with the ledger's stable `code` (api.md "Conventions"). */
export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export function problem(
  status: number,
  code: string,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Problem {
  return {
    type: `https://phi-ledger.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title,
    status,
    detail,
    code,
    ...extra,
  };
}

/** Answers `reply` with the problem (its status, `application/problem+json`) and any headers it needs. */
export function sendProblem(reply: FastifyReply, body: Problem, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) void reply.header(name, value);
  void reply.status(body.status).header('Content-Type', 'application/problem+json').send(body);
}

/** A 4xx/5xx the handlers throw to answer with a specific problem (and the headers it needs: Retry-After, …). */
export class ProblemError extends Error {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail);
  }
}

/** 503 PROJECTION_LAGGING: a read waited its bound (5 s) for a read model that did not get there (api.md "Read-your-writes"). */
export const projectionLagging = (detail: string, headers: Record<string, string> = {}, title = 'Read model lagging') =>
  new ProblemError(problem(503, 'PROJECTION_LAGGING', title, detail), headers);
