/**
 * Entry point: `npm start` (or `phi-ledger serve`). Validates configuration first; a bad value stops the
 * service with a message naming the variable.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener } from 'node:http';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { markServiceRunning } from './service-pid.js';
import { reportStartFailure } from './start-failure.js';
import { ConfigError, loadConfig, type LedgerConfig } from '../config/config.js';
import { isLedgerId } from '../events/ids.js';
import { MAX_BODY_DEPTH, nestsDeeperThan } from '../http/json-depth.js';
import { BODY_LIMIT, NDJSON, ROUTE_BODY_LIMITS, STREAMED_ROUTES } from '../http/limits.js';
import { problem, sendProblem } from '../http/problem.js';
import { RouteTable } from '../http/route-table.js';
import { ledgerValidationPipe } from '../http/validation.js';
import { LedgerMetrics } from '../ops/metrics.js';

/** Headers up to this size are read (Node's default, 16 KiB, answers a long token with 431 instead of 401). */
const MAX_HEADER_BYTES = 128 * 1024;

/** X-Request-Id becomes the correlation id recorded on events, when it is a well-formed id; else a UUID. */
function correlationIdOf(request: { headers: IncomingMessage['headers'] }): string {
  const given = request.headers['x-request-id'];
  return isLedgerId(given) ? given : randomUUID();
}

export async function createApp(config: LedgerConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter({
      bodyLimit: BODY_LIMIT,
      requestIdHeader: false,
      genReqId: correlationIdOf,
      serverFactory: (handler: RequestListener) => createServer({ maxHeaderSize: MAX_HEADER_BYTES }, handler),
      // a path id may be 128 characters (events/ids.ts): longer ones reach validation and its own problem
      routerOptions: { maxParamLength: 512 },
      // requests that arrive while the service stops get our own problem (below), not Fastify's bare 503
      return503OnClosing: false,
      // errors the router raises before any route (a malformed or oversized path) answer problem+json too, and
      // never echo the path: it may carry a member id
      frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
        const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
        sendProblem(reply, problem(status, 'BAD_REQUEST', 'Bad request', 'the request path cannot be read'));
      },
    }),
    // a failure to start is reported once, by serve() (abortOnError would print Nest's stack trace and abort)
    { bufferLogs: true, abortOnError: false, autoFlushLogs: false },
  );
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(ledgerValidationPipe());
  // After the shutdown hooks, exit 0 (Nest would otherwise re-raise the signal, and the process would end "killed by
  // SIGTERM" whenever its hooks finished before the event loop emptied: a race the drain test caught).
  app.enableShutdownHooks(undefined, { useProcessExit: true });
  const fastify = app.getHttpAdapter().getInstance();
  // Every request passes these hooks, so they are plain callbacks (no promise per request each).
  // Stopping (SIGTERM): commands in flight finish; a request that arrives now is refused, retryable, nothing stored.
  let stopping = false;
  fastify.addHook('preClose', async () => void (stopping = true));
  const routes = app.get(RouteTable);
  fastify.addHook('onRoute', (route) => {
    routes.add(route.method, route.url);
    const limit = ROUTE_BODY_LIMITS[route.url];
    if (limit !== undefined) route.bodyLimit = limit; // a use batch carries up to 10,000 uses
  });
  // Commands are JSON only (FHIR's application/fhir+json too): anything else is refused before parsing (Nest would
  // otherwise accept forms). A streamed route takes its own type only, and its body is handed on as the stream itself
  // (never held whole, so no body limit: ndjson.ts bounds each line).
  fastify.addContentTypeParser(
    'application/fhir+json',
    { parseAs: 'string' },
    fastify.getDefaultJsonParser('error', 'error'),
  );
  fastify.addContentTypeParser(NDJSON, (_request, payload, done) => done(null, payload));
  fastify.addHook('onRequest', (request, reply, done) => {
    // Responses of /v1 carry PHI or decisions about it: never kept by a browser or a shared cache (a route that says
    // otherwise sets its own header, which replaces this one).
    const v1 = request.url.startsWith('/v1/');
    if (v1) void reply.header('Cache-Control', 'no-store');
    if (stopping) {
      sendProblem(
        reply,
        problem(503, 'SERVICE_STOPPING', 'Service unavailable', 'the service is stopping; retry the request unchanged'),
        { 'Retry-After': '1', Connection: 'close' },
      );
      return;
    }
    const type = request.headers['content-type'];
    if (v1 && request.method === 'POST' && type !== undefined) {
      const streamed = STREAMED_ROUTES.has(request.url.split('?')[0]);
      const accepted = streamed ? type.toLowerCase().startsWith(NDJSON) : /^application\/(fhir\+)?json\b/i.test(type);
      if (!accepted) {
        sendProblem(
          reply,
          problem(
            415,
            'UNSUPPORTED_MEDIA_TYPE',
            'Unsupported media type',
            streamed ? `send the lines as ${NDJSON}` : 'send the command as application/json',
          ),
        );
        return;
      }
    }
    done();
  });
  // A body nested deeper than any command is refused before validation walks it (recursively: it would overflow).
  fastify.addHook('preValidation', (request, reply, done) => {
    if (
      request.body !== undefined &&
      !(request.body instanceof Readable) &&
      nestsDeeperThan(request.body, MAX_BODY_DEPTH)
    ) {
      const message = `must not nest arrays and objects more than ${MAX_BODY_DEPTH} levels deep`;
      sendProblem(
        reply,
        problem(400, 'VALIDATION_FAILED', 'Invalid request', `the request body ${message}`, {
          errors: [{ path: '', message }],
        }),
      );
      return;
    }
    done();
  });
  const metrics = app.get(LedgerMetrics);
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  const openApi = new DocumentBuilder()
    .setTitle('phi-ledger')
    .setDescription('Ledger of uses and disclosures of PHI and the 45 CFR 164.528 accounting of disclosures')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'docs/json' });
  return app;
}

export async function serve(): Promise<void> {
  // data files (the store, read models, keys) are the owner's alone: 0600 files in 0700 directories
  process.umask(0o077);
  let config: LedgerConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`phi-ledger: ${error.message}\n`);
    process.exit(78);
  }
  try {
    const app = await createApp(config);
    await app.listen(config.PORT, config.LEDGER_HOST);
    markServiceRunning(config.LEDGER_DATA_DIR);
    app
      .get(Logger)
      .log(`phi-ledger listening on http://${config.LEDGER_HOST}:${config.PORT} (store: ${config.LEDGER_STORE})`);
  } catch (error) {
    process.exit(reportStartFailure(error, config));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  serve().catch((error: unknown) => {
    process.stderr.write(`phi-ledger: failed to start: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
