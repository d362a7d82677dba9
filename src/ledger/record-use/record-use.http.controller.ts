import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../auth/auth.guard.js';
import { BatchRequestDto, runBatch } from '../shared/batch.js';
import type { CommandContext } from '../shared/command-context.js';
import { Context, respond } from '../shared/http.js';
import { MemberCommand } from '../shared/member-command.js';
import { recordUse } from './record-use.commands.js';
import { RecordUseRequestDto } from './record-use.request.dto.js';

@ApiTags('uses')
@ApiBearerAuth()
@Roles('recorder')
@Controller('v1')
export class RecordUseController {
  constructor(private readonly commands: CommandBus) {}

  @Post('uses')
  async record(
    @Body() body: RecordUseRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return respond(reply, await this.commands.execute(new MemberCommand(body.memberId, recordUse(body), context)));
  }

  @Post('use-batches')
  @HttpCode(200)
  recordBatch(@Body() body: BatchRequestDto, @Context() context: CommandContext) {
    return runBatch(this.commands, context, body.items, RecordUseRequestDto, (request) => ({
      memberId: request.memberId,
      decide: recordUse(request),
    }));
  }
}
