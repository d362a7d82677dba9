import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { AccessLog } from '../../access-log/access-log.service.js';
import { readContext } from '../../access-log/read-context.js';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles, type AuthenticatedRequest } from '../../auth/auth.guard.js';
import type { CommandContext } from '../../commands/command-context.js';
import type { LedgerCommand } from '../../commands/ledger-command.js';
import { Context, respond } from '../../commands/command-response.js';
import { ReadQueryDto } from '../../http/common.dto.js';
import { LedgerIdPipe } from '../../http/ledger-id.pipe.js';
import { problem, ProblemError } from '../../http/problem.js';
import { MEDIA_TYPES, type ReportFormat } from '../reports/formats.js';
import { htmlSecurityHeaders } from '../reports/html.js';
import { LOCALES } from '../reports/report-text.js';
import { CallerAccessQuery } from '../query/caller-access.query.js';
import { GenerateAccountingQuery } from '../query/generate-accounting.query.js';
import { filingRefusal } from './filing-access.js';
import { GetRequestArtifactQuery } from './get-artifact.query.js';
import { GetAccountingRequestQuery } from './get-request.query.js';
import { OtherRequestsQuery } from './other-requests.query.js';
import { assertMayReadRequests, readableBy, readRequestFor } from './reader-access.js';
import * as requests from './request.command.js';
import {
  ExtensionRequestDto,
  FeeNoticeRequestDto,
  FulfilmentRequestDto,
  ModificationRequestDto,
  RecordAccountingRequestDto,
  RequestStatusQueryDto,
  WithdrawalRequestDto,
} from './request.request.dto.js';
import { SearchAccountingRequestsQuery } from './search-requests.query.js';

@ApiTags('privacy office')
@ApiBearerAuth()
@Controller('v1/accounting-requests')
export class RequestsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly access: AccessLog,
  ) {}

  private async send(command: LedgerCommand, reply: FastifyReply) {
    return respond(reply, await this.commands.execute(command));
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
    const caller = request.principal!;
    if (!caller.roles.includes('privacy-officer')) {
      const refusal = filingRefusal(
        caller,
        body,
        await this.queries.execute(new CallerAccessQuery(body.memberId, caller)),
      );
      if (refusal) throw new ProblemError(problem(403, refusal.code, 'Forbidden', refusal.detail));
    }
    const receivedAt = body.receivedAt ?? new Date().toISOString();
    const earlier = await this.queries.execute(new OtherRequestsQuery(body.memberId, body.requestId, body.kind));
    return this.send(
      new requests.FileAccountingRequestCommand(requests.toFileRequest(body, receivedAt, earlier), context),
      reply,
    );
  }

  @Post(':requestId/extensions')
  @Roles('privacy-officer')
  extend(
    @Param('requestId', LedgerIdPipe) id: string,
    @Body() b: ExtensionRequestDto,
    @Context() c: CommandContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.send(new requests.SendExtensionNoticeCommand(requests.toExtension(id, b), c), r);
  }

  @Post(':requestId/fee-notices')
  @Roles('privacy-officer')
  fee(
    @Param('requestId', LedgerIdPipe) id: string,
    @Body() b: FeeNoticeRequestDto,
    @Context() c: CommandContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.send(new requests.SendFeeNoticeCommand(requests.toFeeNotice(id, b), c), r);
  }

  @Post(':requestId/modifications')
  @Roles('privacy-officer')
  modify(
    @Param('requestId', LedgerIdPipe) id: string,
    @Body() b: ModificationRequestDto,
    @Context() c: CommandContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.send(new requests.ModifyRequestCommand(requests.toModification(id, b), c), r);
  }

  @Post(':requestId/withdrawals')
  @Roles('privacy-officer')
  withdraw(
    @Param('requestId', LedgerIdPipe) id: string,
    @Body() b: WithdrawalRequestDto,
    @Context() c: CommandContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.send(new requests.WithdrawRequestCommand(requests.toWithdrawal(id, b), c), r);
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
    const request = await this.queries.execute(new GetAccountingRequestQuery(id));
    const accounting = await this.queries.execute(
      new GenerateAccountingQuery(
        request.memberId,
        {
          requestedOn: request.receivedOn,
          asOf: b.providedAt,
          knownAt: b.providedAt,
          from: request.period?.from,
          to: request.period?.to,
          requester: request.requester.type === 'representative' ? request.requester.personId : null,
          // 42 CFR 2.25 and 2.24 both answer with the Part 2 records' disclosures of the three years before
          regime: request.kind === 'accounting' ? 'hipaa' : 'part2',
        },
        b.format,
        LOCALES[b.lang ?? 'en'],
      ),
    );
    return this.send(new requests.FulfilRequestCommand(requests.toFulfilment(id, b, accounting), c), r);
  }

  /** The request and its status: the office, the member it is for, or a representative in force (reader-access.ts). */
  @Get(':requestId')
  @Roles('privacy-officer', 'member', 'representative')
  async status(
    @Param('requestId', LedgerIdPipe) id: string,
    @Query() q: RequestStatusQueryDto,
    @Req() request: AuthenticatedRequest,
  ) {
    const view = await readRequestFor(this.queries, request.principal!, id, () =>
      this.queries.execute(new GetAccountingRequestQuery(id, q.asOf)),
    );
    this.access.record(readContext(request), [{ memberId: view.memberId, resultCount: 1 }]);
    return view;
  }

  /**
   * The accounting this request was given (164.528(d)(2)), byte for byte as provided: its SHA-256 is the one the
   * fulfilment recorded (`Repr-Digest`, RFC 9530, and the `ETag`). 404 NOT_PROVIDED before the fulfilment.
   */
  @Get(':requestId/artifact')
  @Roles('privacy-officer', 'member', 'representative')
  @ApiProduces(...Object.values(MEDIA_TYPES))
  async artifact(
    @Param('requestId', LedgerIdPipe) id: string,
    @Query() _q: ReadQueryDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { memberId, provided } = await readRequestFor(this.queries, request.principal!, id, () =>
      this.queries.execute(new GetRequestArtifactQuery(id)),
    );
    if (!provided) {
      throw new ProblemError(
        problem(404, 'NOT_PROVIDED', 'Not provided', `accounting request ${id} has not been fulfilled yet`),
      );
    }
    const digest = Buffer.from(provided.artifactSha256, 'hex').toString('base64');
    const format = provided.format as ReportFormat;
    if (format === 'html') for (const [k, v] of Object.entries(htmlSecurityHeaders)) void reply.header(k, v);
    void reply
      .header('content-type', MEDIA_TYPES[format] ?? 'application/octet-stream')
      .header('content-disposition', `attachment; filename="accounting-${id}.${provided.format}"`)
      .header('repr-digest', `sha-256=:${digest}:`)
      .header('etag', `"${provided.artifactSha256}"`)
      .header('cache-control', 'no-store');
    this.access.record(readContext(request, provided.format), [{ memberId, resultCount: 1 }]);
    return provided.artifact;
  }
}

/** A member's accounting requests (their own; a representative's for the member they represent; the office's). */
@ApiTags('privacy office')
@ApiBearerAuth()
@Controller('v1/members/:memberId/accounting-requests')
export class MemberRequestsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: AccessLog,
  ) {}

  @Get()
  @Roles('privacy-officer', 'member', 'representative')
  async list(
    @Param('memberId', LedgerIdPipe) memberId: string,
    @Query() q: RequestStatusQueryDto,
    @Req() request: AuthenticatedRequest,
  ) {
    const caller = request.principal!;
    await assertMayReadRequests(this.queries, caller, memberId);
    const found = await this.queries.execute(new SearchAccountingRequestsQuery({ memberId, asOf: q.asOf }));
    const answer = caller.roles.includes('privacy-officer')
      ? found
      : { ...found, requests: found.requests.filter((r) => readableBy(caller, r)) };
    this.access.record(readContext(request), [{ memberId, resultCount: answer.requests.length }]);
    return answer;
  }
}
