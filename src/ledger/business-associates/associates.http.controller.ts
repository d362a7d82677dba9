import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../auth/auth.guard.js';
import type { CommandContext } from '../../commands/command-context.js';
import { Context, respond } from '../../commands/command-response.js';
import { LedgerIdPipe } from '../../http/ledger-id.pipe.js';
import { AssociateStepCommand, toAgreement, toRegistration, toTermination } from './associate.command.js';
import type { AssociateStep } from './associate.decider.js';
import {
  RecordAgreementRequestDto,
  RegisterAssociateRequestDto,
  TerminateAgreementRequestDto,
} from './associate.request.dto.js';

/** The business-associate register (164.502(e), 164.504(e)): associates and their agreements, as events. */
@ApiTags('business associates')
@ApiBearerAuth()
@Roles('privacy-officer')
@Controller('v1/business-associates')
export class AssociatesController {
  constructor(private readonly commands: CommandBus) {}

  private async send(step: AssociateStep, context: CommandContext, reply: FastifyReply) {
    return respond(reply, await this.commands.execute(new AssociateStepCommand(step, context)));
  }

  @Post()
  register(
    @Body() b: RegisterAssociateRequestDto,
    @Context() c: CommandContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.send(toRegistration(b), c, r);
  }

  @Post(':associateId/agreements')
  agreement(
    @Param('associateId', LedgerIdPipe) id: string,
    @Body() b: RecordAgreementRequestDto,
    @Context() c: CommandContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.send(toAgreement(id, b), c, r);
  }

  @Post(':associateId/agreements/:agreementId/terminations')
  termination(
    @Param('associateId', LedgerIdPipe) id: string,
    @Param('agreementId', LedgerIdPipe) agreementId: string,
    @Body() b: TerminateAgreementRequestDto,
    @Context() c: CommandContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.send(toTermination(id, agreementId, b), c, r);
  }
}
