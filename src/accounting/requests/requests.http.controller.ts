import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles, type AuthenticatedRequest } from '../../auth/auth.guard.js';
import { CONFIG, type LedgerConfig } from '../../config/config.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import type { CommandContext } from '../../ledger/shared/command-context.js';
import { commandHash } from '../../ledger/shared/command-hash.js';
import { Context, respond } from '../../ledger/shared/http.js';
import { LedgerIdPipe } from '../../ledger/shared/ledger-id.pipe.js';
import { runOnStream } from '../../ledger/shared/stream-command.js';
import type { Decision } from '../../ledger/shared/decision.js';
import type { LedgerError } from '../../ledger/shared/ledger-error.js';
import type { StreamEvent } from '../../ledger/shared/stream-command.js';
import { requestStream } from './request-events.js';
import { foldRequest, type RequestState } from './request-lifecycle.js';
import { decideExtension, decideFeeNotice, decideModification, decideWithdrawal } from './request.decider.js';
import {
  ExtensionRequestDto,
  FeeNoticeRequestDto,
  FulfilmentRequestDto,
  ModificationRequestDto,
  RecordAccountingRequestDto,
  RequestStatusQueryDto,
  WithdrawalRequestDto,
} from './request.request.dto.js';
import { RequestsService } from './requests.service.js';

type Decide = (
  state: RequestState,
) => Decision<Record<string, unknown> & { requestId: string }, StreamEvent> | LedgerError;

@ApiTags('privacy office')
@ApiBearerAuth()
@Controller('v1/accounting-requests')
export class RequestsController {
  constructor(
    private readonly requests: RequestsService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: LedgerConfig,
  ) {}

  private async run(requestId: string, decide: Decide, context: CommandContext, reply: FastifyReply) {
    return respond(reply, await runOnStream(this.store, requestStream(requestId), foldRequest, decide, context));
  }

  /** A request for an accounting: by the privacy office, or by a member / representative for themselves. */
  @Post()
  @Roles('privacy-officer', 'member', 'representative')
  async file(
    @Body() body: RecordAccountingRequestDto,
    @Req() request: AuthenticatedRequest,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return respond(reply, await this.requests.file(body, request.principal!, context));
  }

  @Post(':requestId/extensions')
  @Roles('privacy-officer')
  extend(
    @Param('requestId', LedgerIdPipe) id: string,
    @Body() b: ExtensionRequestDto,
    @Context() c: CommandContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    const cmd = { sentAt: b.sentAt, reason: b.reason, newDueOn: b.newDueOn, commandHash: commandHash({ ...b }) };
    return this.run(id, (s) => decideExtension(s, id, cmd, this.config.LEDGER_TIMEZONE), c, r);
  }

  @Post(':requestId/fee-notices')
  @Roles('privacy-officer')
  fee(
    @Param('requestId', LedgerIdPipe) id: string,
    @Body() b: FeeNoticeRequestDto,
    @Context() c: CommandContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    const cmd = { sentAt: b.sentAt, amount: b.amount, commandHash: commandHash({ ...b }) };
    return this.run(id, (s) => decideFeeNotice(s, id, cmd), c, r);
  }

  @Post(':requestId/modifications')
  @Roles('privacy-officer')
  modify(
    @Param('requestId', LedgerIdPipe) id: string,
    @Body() b: ModificationRequestDto,
    @Context() c: CommandContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    const period = { from: b.period.from, to: b.period.to };
    return this.run(id, (s) => decideModification(s, id, { period, commandHash: commandHash(period) }), c, r);
  }

  @Post(':requestId/withdrawals')
  @Roles('privacy-officer')
  withdraw(
    @Param('requestId', LedgerIdPipe) id: string,
    @Body() b: WithdrawalRequestDto,
    @Context() c: CommandContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.run(
      id,
      (s) => decideWithdrawal(s, id, { withdrawnAt: b.withdrawnAt, commandHash: commandHash({ ...b }) }),
      c,
      r,
    );
  }

  /** Generates the accounting as of providedAt, stores it with its SHA-256, and says whether it was on time. */
  @Post(':requestId/fulfilments')
  @Roles('privacy-officer')
  async fulfil(
    @Param('requestId', LedgerIdPipe) id: string,
    @Body() b: FulfilmentRequestDto,
    @Context() c: CommandContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return respond(r, await this.requests.fulfil(id, b, c));
  }

  @Get(':requestId')
  @Roles('privacy-officer', 'auditor')
  status(@Param('requestId', LedgerIdPipe) id: string, @Query() q: RequestStatusQueryDto) {
    return this.requests.view(id, q.asOf);
  }
}
