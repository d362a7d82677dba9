import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../auth/auth.guard.js';
import type { CommandContext } from '../shared/command-context.js';
import { Context, respond } from '../shared/http.js';
import { LedgerIdPipe } from '../shared/ledger-id.pipe.js';
import { MemberCommand } from '../shared/member-command.js';
import type { Decide } from '../shared/member-command.runner.js';
import * as facts from './member-facts.commands.js';
import {
  RecordAuthorizationRequestDto,
  RecordCustodyPeriodRequestDto,
  RecordDeathRequestDto,
  RecordHieConsentRequestDto,
  RecordRepresentativeRequestDto,
  RevokeAuthorizationRequestDto,
} from './member-facts.request.dto.js';

@ApiTags('member facts')
@ApiBearerAuth()
@Roles('recorder', 'privacy-officer')
@Controller('v1/members/:memberId')
export class MemberFactsController {
  constructor(private readonly commands: CommandBus) {}

  private async send(memberId: string, decide: Decide<unknown>, context: CommandContext, reply: FastifyReply) {
    return respond(reply, await this.commands.execute(new MemberCommand(memberId, decide, context)));
  }

  @Post('authorizations')
  authorization(
    @Param('memberId', LedgerIdPipe) memberId: string,
    @Body() body: RecordAuthorizationRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(memberId, facts.recordAuthorization(memberId, body), context, reply);
  }

  @Post('authorizations/:authorizationId/revocations')
  revocation(
    @Param('memberId', LedgerIdPipe) memberId: string,
    @Param('authorizationId', LedgerIdPipe) authorizationId: string,
    @Body() body: RevokeAuthorizationRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(memberId, facts.revokeAuthorization(memberId, authorizationId, body), context, reply);
  }

  @Post('hie-consents')
  hieConsent(
    @Param('memberId', LedgerIdPipe) memberId: string,
    @Body() body: RecordHieConsentRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(memberId, facts.recordHieConsent(memberId, body), context, reply);
  }

  @Post('deaths')
  death(
    @Param('memberId', LedgerIdPipe) memberId: string,
    @Body() body: RecordDeathRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(memberId, facts.recordDeath(memberId, body), context, reply);
  }

  @Post('custody-periods')
  custody(
    @Param('memberId', LedgerIdPipe) memberId: string,
    @Body() body: RecordCustodyPeriodRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(memberId, facts.recordCustodyPeriod(memberId, body), context, reply);
  }

  @Post('representatives')
  representative(
    @Param('memberId', LedgerIdPipe) memberId: string,
    @Body() body: RecordRepresentativeRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(memberId, facts.recordRepresentative(memberId, body), context, reply);
  }
}
