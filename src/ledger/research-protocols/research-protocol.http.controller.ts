import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../auth/auth.guard.js';
import type { CommandContext } from '../../commands/command-context.js';
import { Context, respond } from '../../commands/command-response.js';
import { RegisterResearchProtocolCommand, toResearchProtocol } from './research-protocol.command.js';
import { RegisterResearchProtocolRequestDto } from './research-protocol.request.dto.js';

@ApiTags('research')
@ApiBearerAuth()
@Roles('recorder')
@Controller('v1/research-protocols')
export class ResearchProtocolController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  async register(
    @Body() body: RegisterResearchProtocolRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const command = new RegisterResearchProtocolCommand(toResearchProtocol(body), context);
    return respond(reply, await this.commands.execute(command));
  }
}
