/**
 * Read-your-writes for every read (api.md): a GET with `minPosition` waits (≤ 5 s) until every read model has applied
 * that position, whatever route serves it, then runs; a read model that does not get there answers 503
 * PROJECTION_LAGGING. One mechanism here instead of a wait in each query handler. A guard registered after the
 * AuthGuard (app.module.ts): a caller who may not read the route cannot make the service wait. A guard, not an
 * interceptor: with no interceptor at all, Nest calls every handler directly instead of through an RxJS pipeline,
 * which every write paid for (docs/benchmarks.md, issue 10).
 */
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { POSITION_PATTERN } from '../http/common.dto.js';
import { problem, projectionLagging, ProblemError } from '../http/problem.js';
import { ProjectionsService } from '../projections/projections.service.js';

export const READ_YOUR_WRITES_TIMEOUT_MS = 5000;

@Injectable()
export class ReadYourWritesGuard implements CanActivate {
  constructor(
    private readonly projections: ProjectionsService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const position =
      request.method === 'GET' ? (request.query as Record<string, unknown> | undefined)?.minPosition : undefined;
    if (position !== undefined) {
      // a position no write has returned yet (beyond the log's head) is refused at once, not waited for
      const beyond =
        typeof position === 'string' && POSITION_PATTERN.test(position) && BigInt(position) > (await this.store.head());
      if (typeof position !== 'string' || !POSITION_PATTERN.test(position) || beyond) {
        const message = beyond
          ? 'is beyond the log: no write has returned it'
          : 'must be a log position (digits), given once';
        throw new ProblemError(
          problem(400, 'VALIDATION_FAILED', 'Invalid request', `minPosition ${message}`, {
            errors: [{ path: 'minPosition', message }],
          }),
        );
      }
      if (!(await this.projections.waitForAll(BigInt(position), READ_YOUR_WRITES_TIMEOUT_MS))) {
        throw projectionLagging(
          `the read models have not reached position ${position} within ${READ_YOUR_WRITES_TIMEOUT_MS / 1000} s`,
          { 'Retry-After': '1' },
        );
      }
    }
    return true;
  }
}
