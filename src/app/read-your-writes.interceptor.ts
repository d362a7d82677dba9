/**
 * Read-your-writes for every read (api.md): a GET with `minPosition` waits (≤ 5 s) until every read model has applied
 * that position, whatever route serves it, then runs; a read model that does not get there answers 503
 * PROJECTION_LAGGING. One mechanism here instead of a wait in each query handler. Runs after the guard: a caller
 * who may not read the route cannot make the service wait.
 */
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { POSITION_PATTERN } from '../http/common.dto.js';
import { problem, projectionLagging, ProblemError } from '../http/problem.js';
import { ProjectionsService } from '../projections/projections.service.js';

export const READ_YOUR_WRITES_TIMEOUT_MS = 5000;

@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  constructor(
    private readonly projections: ProjectionsService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
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
    return next.handle();
  }
}
