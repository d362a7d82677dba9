import { Body, Controller, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../auth/auth.guard.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import type { CommandContext } from '../../ledger/shared/command-context.js';
import { commandHash } from '../../ledger/shared/command-hash.js';
import { Context, respond } from '../../ledger/shared/http.js';
import { LedgerIdPipe } from '../../ledger/shared/ledger-id.pipe.js';
import { runOnStream } from '../../ledger/shared/stream-command.js';
import { decideSuspension, decideWrittenStatement, foldSuspension, suspensionStream } from './suspension.decider.js';
import { RecordSuspensionRequestDto, WrittenStatementRequestDto } from './suspension.request.dto.js';

@ApiTags('privacy office')
@ApiBearerAuth()
@Roles('privacy-officer')
@Controller('v1/suspensions')
export class SuspensionsController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Post()
  async record(
    @Body() b: RecordSuspensionRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const data = {
      suspensionId: b.suspensionId,
      agency: b.agency,
      form: b.form,
      statedAt: b.statedAt,
      until: b.until ?? null,
      officialIdentity: b.officialIdentity ?? null,
      memberIds: b.memberIds ?? null,
    };
    const cmd = { ...data, commandHash: commandHash(data) };
    return respond(
      reply,
      await runOnStream(
        this.store,
        suspensionStream(b.suspensionId),
        foldSuspension,
        (s) => decideSuspension(s, cmd),
        context,
      ),
    );
  }

  @Post(':suspensionId/written-statements')
  async confirm(
    @Param('suspensionId', LedgerIdPipe) suspensionId: string,
    @Body() b: WrittenStatementRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const cmd = {
      suspensionId,
      receivedAt: b.receivedAt,
      until: b.until,
      commandHash: commandHash({ receivedAt: b.receivedAt, until: b.until }),
    };
    return respond(
      reply,
      await runOnStream(
        this.store,
        suspensionStream(suspensionId),
        foldSuspension,
        (s) => decideWrittenStatement(s, cmd),
        context,
      ),
    );
  }
}
