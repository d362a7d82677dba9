import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../auth/auth.guard.js';
import type { CommandContext } from '../../commands/command-context.js';
import { Context, respond } from '../../commands/command-response.js';
import { LedgerIdPipe } from '../../http/ledger-id.pipe.js';
import {
  CorrectDisclosureCommand,
  toCorrectDisclosure,
  toVoidDisclosure,
  VoidDisclosureCommand,
} from './correct-disclosure.command.js';
import { CorrectDisclosureRequestDto, VoidDisclosureRequestDto } from './correct-disclosure.request.dto.js';

@ApiTags('disclosures')
@ApiBearerAuth()
@Roles('recorder')
@Controller('v1/disclosures/:disclosureId')
export class CorrectDisclosureController {
  constructor(private readonly commands: CommandBus) {}

  @Post('corrections')
  async correct(
    @Param('disclosureId', LedgerIdPipe) disclosureId: string,
    @Body() body: CorrectDisclosureRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const command = new CorrectDisclosureCommand(toCorrectDisclosure(disclosureId, body), context);
    return respond(reply, await this.commands.execute(command));
  }

  @Post('voids')
  async void(
    @Param('disclosureId', LedgerIdPipe) disclosureId: string,
    @Body() body: VoidDisclosureRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return respond(
      reply,
      await this.commands.execute(new VoidDisclosureCommand(toVoidDisclosure(disclosureId, body), context)),
    );
  }
}
