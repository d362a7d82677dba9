/**
 * Entry point: `npm start` (or `phi-ledger serve`). Validates configuration first; a bad value stops the
 * service with a message naming the variable.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { ConfigError, loadConfig, type LedgerConfig } from './config/config.js';
import { LedgerMetrics } from './ops/metrics.js';

export const BODY_LIMIT = 1024 * 1024;

export async function createApp(config: LedgerConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter({ bodyLimit: BODY_LIMIT, requestIdHeader: 'x-request-id', genReqId: () => randomUUID() }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const metrics = app.get(LedgerMetrics);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
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
  app.get(Logger).log(`phi-ledger listening on http://${config.LEDGER_HOST}:${config.PORT} (store: ${config.LEDGER_STORE})`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  serve().catch((error: unknown) => {
    process.stderr.write(`phi-ledger: failed to start: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
