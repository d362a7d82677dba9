/**
 * Entry point: `npm start` (or `phi-ledger serve`). Validates configuration first; a bad value stops the
 * service with a message naming the variable.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { pathToFileURL } from 'node:url';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { ConfigError, loadConfig, type LedgerConfig } from '../config/config.js';
import { isLedgerId } from '../events/ids.js';
import { problem } from '../http/problem.js';
import { ledgerValidationPipe } from '../http/validation.js';
import { LedgerMetrics } from '../ops/metrics.js';

export const BODY_LIMIT = 1024 * 1024;

/** X-Request-Id becomes the correlation id recorded on events, when it is a well-formed id; else a UUID. */
function correlationIdOf(request: { headers: IncomingMessage['headers'] }): string {
  const given = request.headers['x-request-id'];
  return isLedgerId(given) ? given : randomUUID();
}

export async function createApp(config: LedgerConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter({ bodyLimit: BODY_LIMIT, requestIdHeader: false, genReqId: correlationIdOf }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(ledgerValidationPipe());
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  // Commands are JSON only: anything else is refused before parsing (Nest would otherwise accept forms).
  fastify.addHook('onRequest', async (request, reply) => {
    const type = request.headers['content-type'];
    if (
      request.method === 'POST' &&
      request.url.startsWith('/v1/') &&
      type !== undefined &&
      !/^application\/json\b/i.test(type)
    ) {
      await reply
        .status(415)
        .header('Content-Type', 'application/problem+json')
        .send(problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type', 'send the command as application/json'));
    }
  });
  const metrics = app.get(LedgerMetrics);
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
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
  let config: LedgerConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`phi-ledger: ${error.message}\n`);
    process.exit(78);
  }
  const app = await createApp(config);
  await app.listen(config.PORT, config.LEDGER_HOST);
  app
    .get(Logger)
    .log(`phi-ledger listening on http://${config.LEDGER_HOST}:${config.PORT} (store: ${config.LEDGER_STORE})`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  serve().catch((error: unknown) => {
    process.stderr.write(`phi-ledger: failed to start: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
