import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../auth/auth.guard.js';
import type { CommandContext } from '../../commands/command-context.js';
import { Context, respond } from '../../commands/command-response.js';
import { LedgerIdPipe } from '../../http/ledger-id.pipe.js';
import {
  ConfirmSuspensionInWritingCommand,
  RecordSuspensionCommand,
  toSuspension,
  toWrittenStatement,
} from './suspension.command.js';
import { RecordSuspensionRequestDto, WrittenStatementRequestDto } from './suspension.request.dto.js';

@ApiTags('privacy office')
@ApiBearerAuth()
@Roles('privacy-officer')
@Controller('v1/suspensions')
export class SuspensionsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  async record(
    @Body() b: RecordSuspensionRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return respond(reply, await this.commands.execute(new RecordSuspensionCommand(toSuspension(b), context)));
  }

  @Post(':suspensionId/written-statements')
  async confirm(
    @Param('suspensionId', LedgerIdPipe) suspensionId: string,
    @Body() b: WrittenStatementRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const command = new ConfirmSuspensionInWritingCommand(toWrittenStatement(suspensionId, b), context);
    return respond(reply, await this.commands.execute(command));
  }
}
