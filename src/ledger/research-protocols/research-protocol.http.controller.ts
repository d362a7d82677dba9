import { Body, Controller, Inject, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../auth/auth.guard.js';
import { EventIdConflictError } from '../../event-store/errors.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { ProblemError } from '../../http/problem.js';
import { envelope, type CommandContext } from '../shared/command-context.js';
import { commandHash } from '../shared/command-hash.js';
import { Context, ledgerProblem } from '../shared/http.js';
import { idConflict } from '../shared/ledger-error.js';
import { RegisterResearchProtocolRequestDto } from './research-protocol.request.dto.js';

/**
 * Research protocols live in their own stream (`research-protocol-{id}`). The whole decision is "record once":
 * the store's idempotent event ids give it directly (same body → replay, other body → conflict).
 */
@ApiTags('research')
@ApiBearerAuth()
@Roles('recorder', 'privacy-officer')
@Controller('v1/research-protocols')
export class ResearchProtocolController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Post()
  async register(
    @Body() body: RegisterResearchProtocolRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const data = {
      ...body,
      sponsor: { ...body.sponsor, phone: body.sponsor.phone ?? null },
      researcher: { ...body.researcher, phone: body.researcher.phone ?? null },
    };
    try {
      const result = await this.store.append(
        `research-protocol-${body.protocolId}`,
        [
          envelope(
            {
              eventId: `research-protocol:${body.protocolId}`,
              type: 'ResearchProtocolRegistered',
              data: { ...data, commandHash: commandHash(data) },
            },
            context,
          ),
        ],
        'any',
      );
      void reply.status(result.replayed ? 200 : 201);
      return { protocolId: body.protocolId, position: Number(result.positions[0]) };
    } catch (error) {
      if (error instanceof EventIdConflictError)
        throw new ProblemError(ledgerProblem(idConflict('research protocol', body.protocolId)));
      throw error;
    }
  }
}
