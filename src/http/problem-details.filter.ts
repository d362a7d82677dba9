import {
  ArgumentsHost,
  Catch,
  HttpException,
  Logger,
  NotFoundException,
  Optional,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StoreUnavailableError } from '../event-store/errors.js';
import { problem, ProblemError, sendProblem, type Problem } from './problem.js';
import { bodyLimitDetail } from './limits.js';
import { RouteTable } from './route-table.js';

const CODES: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', 'Bad request'],
  401: ['UNAUTHENTICATED', 'Authentication required'],
  403: ['FORBIDDEN', 'Forbidden'],
  404: ['NOT_FOUND', 'Not found'],
  405: ['METHOD_NOT_ALLOWED', 'Method not allowed'],
  406: ['NOT_ACCEPTABLE', 'Not acceptable'],
  409: ['CONFLICT', 'Conflict'],
  413: ['PAYLOAD_TOO_LARGE', 'Request body too large'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type'],
  422: ['UNPROCESSABLE', 'Unprocessable request'],
  429: ['TOO_MANY_REQUESTS', 'Too many requests'],
  503: ['UNAVAILABLE', 'Service unavailable'],
};

/**
 * Every error leaves as application/problem+json. Bodies never echo request content (it may hold PHI);
 * unexpected errors are logged with their stack and answered with a generic 500.
 */
/** How long a too-large body is read and discarded before the 413 is sent anyway. */
const DRAIN_MS = 2000;

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Optional() private readonly routes?: RouteTable) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const notAllowed = exception instanceof NotFoundException ? this.methodNotAllowed(host) : null;
    const body =
      notAllowed?.problem ?? this.toProblem(exception, host.switchToHttp().getRequest<FastifyRequest>().url ?? '');
    const headers = notAllowed?.headers ?? (exception instanceof ProblemError ? exception.headers : {});
    const send = () => sendProblem(reply, body, headers);
    const raw = host.switchToHttp().getRequest<FastifyRequest>().raw;
    if (body.status !== 413 || raw.complete) return send();
    // A body refused for its size was not read. Answering at once and closing would reset the connection while the
    // client is still writing, and it would see a broken pipe instead of the 413: read and discard the rest first
    // (for at most DRAIN_MS), then answer and close.
    let sent = false;
    const once = () => {
      if (sent) return;
      sent = true;
      clearTimeout(timer);
      void reply.header('Connection', 'close');
      send();
    };
    const timer = setTimeout(once, DRAIN_MS);
    raw.once('end', once).once('error', once).resume();
  }

  /** The router found no route: 405 with Allow when the path is a known route's, asked with another method. */
  private methodNotAllowed(host: ArgumentsHost): ProblemError | null {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const allowed = this.routes?.allowed((request.url ?? '').split('?')[0]) ?? [];
    if (allowed.length === 0) return null;
    const detail = `this route answers ${allowed.join(', ')}`;
    return new ProblemError(problem(405, 'METHOD_NOT_ALLOWED', 'Method not allowed', detail), {
      Allow: allowed.join(', '),
    });
  }

  private toProblem(exception: unknown, url: string): Problem {
    if (exception instanceof ProblemError) return exception.problem;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const [code, title] = CODES[status] ?? ['ERROR', 'Error'];
      // The router's 404 text repeats the URL, which may carry a member id: never echo it.
      if (status === 404) return problem(404, code, title, 'no such route or resource');
      const response = exception.getResponse();
      const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : title;
      return problem(status, code, title, detail);
    }
    const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
    if (
      typeof fastifyError.statusCode === 'number' &&
      fastifyError.statusCode >= 400 &&
      fastifyError.statusCode < 500
    ) {
      const [code, title] = CODES[fastifyError.statusCode] ?? ['BAD_REQUEST', 'Bad request'];
      const detail =
        fastifyError.code === 'FST_ERR_CTP_INVALID_JSON' || fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? 'the request body is not valid JSON'
          : fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? bodyLimitDetail(url)
            : title;
      return problem(fastifyError.statusCode, code, title, detail, { path: '' });
    }
    if (exception instanceof StoreUnavailableError) {
      this.logger.error({ err: exception.message }, 'event store unavailable');
      return problem(
        503,
        'STORE_UNAVAILABLE',
        'Service unavailable',
        'the ledger could not store the command; retry it unchanged (commands are idempotent: anything already stored is answered as a replay)',
      );
    }
    this.logger.error({ err: exception }, 'unexpected error');
    return problem(
      500,
      'INTERNAL',
      'Internal error',
      'an unexpected error occurred; it has been logged with the request id',
    );
  }
}
