import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../auth/auth.guard.js';
import type { CommandContext } from '../../commands/command-context.js';
import type { LedgerCommand } from '../../commands/ledger-command.js';
import { Context, respond } from '../../commands/command-response.js';
import { LedgerIdPipe } from '../../http/ledger-id.pipe.js';
import * as facts from './member-facts.command.js';
import {
  RecordAddressStateRequestDto,
  RecordAuthorizationRequestDto,
  RecordCustodyPeriodRequestDto,
  RecordDeathRequestDto,
  RecordHieConsentRequestDto,
  RecordPrivacyProfileRequestDto,
  RecordRepresentativeRequestDto,
  RevokeAuthorizationRequestDto,
} from './member-facts.request.dto.js';

@ApiTags('member facts')
@ApiBearerAuth()
@Roles('recorder')
@Controller('v1/members/:memberId')
export class MemberFactsController {
  constructor(private readonly commands: CommandBus) {}

  private async send(command: LedgerCommand, reply: FastifyReply) {
    return respond(reply, await this.commands.execute(command));
  }

  @Post('authorizations')
  authorization(
    @Param('memberId', LedgerIdPipe) memberId: string,
    @Body() body: RecordAuthorizationRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(new facts.RecordAuthorizationCommand(facts.toAuthorization(memberId, body), context), reply);
  }

  @Post('authorizations/:authorizationId/revocations')
  revocation(
    @Param('memberId', LedgerIdPipe) memberId: string,
    @Param('authorizationId', LedgerIdPipe) authorizationId: string,
    @Body() body: RevokeAuthorizationRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const revocation = facts.toRevocation(memberId, authorizationId, body);
    return this.send(new facts.RevokeAuthorizationCommand(revocation, context), reply);
  }

  @Post('hie-consents')
  hieConsent(
    @Param('memberId', LedgerIdPipe) memberId: string,
    @Body() body: RecordHieConsentRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(new facts.RecordHieConsentCommand(facts.toHieConsent(memberId, body), context), reply);
  }

  /** What the snooping rules know of the member: surname and address as match keys, VIP, workforce id. */
  @Post('privacy-profiles')
  @Roles('recorder', 'privacy-officer')
  privacyProfile(
    @Param('memberId', LedgerIdPipe) memberId: string,
    @Body() body: RecordPrivacyProfileRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(new facts.RecordPrivacyProfileCommand(facts.toPrivacyProfile(memberId, body), context), reply);
  }

  /** The State of the member's address from a date (164.406 counts breach notices per State). */
  @Post('address-states')
  addressState(
    @Param('memberId', LedgerIdPipe) memberId: string,
    @Body() body: RecordAddressStateRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(new facts.RecordAddressStateCommand(facts.toAddressState(memberId, body), context), reply);
  }

  @Post('deaths')
  death(
    @Param('memberId', LedgerIdPipe) memberId: string,
    @Body() body: RecordDeathRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(new facts.RecordDeathCommand(facts.toDeath(memberId, body), context), reply);
  }

  @Post('custody-periods')
  custody(
    @Param('memberId', LedgerIdPipe) memberId: string,
    @Body() body: RecordCustodyPeriodRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(new facts.RecordCustodyPeriodCommand(facts.toCustodyPeriod(memberId, body), context), reply);
  }

  @Post('representatives')
  representative(
    @Param('memberId', LedgerIdPipe) memberId: string,
    @Body() body: RecordRepresentativeRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(new facts.RecordRepresentativeCommand(facts.toRepresentative(memberId, body), context), reply);
  }
}
