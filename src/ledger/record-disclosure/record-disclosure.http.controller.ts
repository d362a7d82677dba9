import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../auth/auth.guard.js';
import type { CommandContext } from '../../commands/command-context.js';
import { BatchRequestDto, runBatch } from '../../commands/batch.js';
import { Context, respond } from '../../commands/command-response.js';
import { RecordDisclosureCommand, toRecordDisclosure } from './record-disclosure.command.js';
import { RecordDisclosureRequestDto } from './record-disclosure.request.dto.js';

@ApiTags('disclosures')
@ApiBearerAuth()
@Roles('recorder')
@Controller('v1')
export class RecordDisclosureController {
  constructor(private readonly commands: CommandBus) {}

  @Post('disclosures')
  async record(
    @Body() body: RecordDisclosureRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return respond(reply, await this.commands.execute(new RecordDisclosureCommand(toRecordDisclosure(body), context)));
  }

  /** Up to 1,000 disclosures; per-item results in order (`created`, `replayed` or `rejected` with the problem). */
  @Post('disclosure-batches')
  @HttpCode(200)
  recordBatch(@Body() body: BatchRequestDto, @Context() context: CommandContext) {
    return runBatch(
      this.commands,
      context,
      body.items,
      RecordDisclosureRequestDto,
      (request, c) => new RecordDisclosureCommand(toRecordDisclosure(request), c),
    );
  }
}
