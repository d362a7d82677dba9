import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../auth/auth.guard.js';
import type { CommandContext } from '../../commands/command-context.js';
import { runBatch } from '../../commands/batch.js';
import { Context, respond } from '../../commands/command-response.js';
import { RecordUseCommand, toUse } from './record-use.command.js';
import { RecordUseRequestDto, UseBatchRequestDto } from './record-use.request.dto.js';

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
    return respond(reply, await this.commands.execute(new RecordUseCommand(toUse(body), context)));
  }

  @Post('use-batches')
  @HttpCode(200)
  recordBatch(@Body() body: UseBatchRequestDto, @Context() context: CommandContext) {
    return runBatch(
      this.commands,
      context,
      body.items,
      RecordUseRequestDto,
      (request, c) => new RecordUseCommand(toUse(request), c),
    );
  }
}
