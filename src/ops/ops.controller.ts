import { Controller, Get, Header, HttpCode, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.guard.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ProjectionsService } from '../projections/projections.service.js';
import { READ_MODEL_DB, type ReadModelDb } from '../projections/read-model-db.js';
import { LedgerMetrics } from './metrics.js';

@ApiTags('operations')
@Public()
@Controller()
export class OpsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly readModels: ReadModelDb,
    private readonly projections: ProjectionsService,
    private readonly metrics: LedgerMetrics,
  ) {}

  @Get('health/live')
  @ApiOkResponse({ description: 'the process is up' })
  live() {
    return { status: 'ok' };
  }

  /** Ready when the event store and the read-model database answer; reports each projection's lag. */
  @Get('health/ready')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ description: 'the store answers; 503 when it does not' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const checks: Record<string, string> = {};
    for (const [name, probe] of [
      ['eventStore', () => this.store.ping()],
      ['readModels', () => this.readModels.ping()],
    ] as const) {
      checks[name] = await probe().then(
        () => 'up',
        () => 'down',
      );
    }
    const up = Object.values(checks).every((c) => c === 'up');
    const projections = up
      ? (await this.projections.status()).map((p) => ({
          name: p.name,
          position: String(p.position),
          lag: String(p.head - p.position),
        }))
      : [];
    reply.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: up ? 'ready' : 'unavailable', store: this.store.kind, checks, projections };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiExcludeEndpoint()
  async prometheus(): Promise<string> {
    for (const p of await this.projections.status())
      this.metrics.projectionLag.set({ projection: p.name }, Number(p.head - p.position));
    this.metrics.logHead.set(Number(await this.store.head()));
    return this.metrics.registry.metrics();
  }
}
