import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../auth/auth.guard.js';
import { CONFIG, type LedgerConfig } from '../../config/config.js';
import type { CommandContext } from '../shared/command-context.js';
import { BatchRequestDto, runBatch } from '../shared/batch.js';
import { Context, respond } from '../shared/http.js';
import { MemberCommand } from '../shared/member-command.js';
import type { PlanCalendar } from './record-disclosure.decider.js';
import { recordDisclosure } from './record-disclosure.commands.js';
import { RecordDisclosureRequestDto } from './record-disclosure.request.dto.js';

@ApiTags('disclosures')
@ApiBearerAuth()
@Roles('recorder')
@Controller('v1')
export class RecordDisclosureController {
  private readonly calendar: PlanCalendar;

  constructor(
    private readonly commands: CommandBus,
    @Inject(CONFIG) config: LedgerConfig,
  ) {
    this.calendar = { timeZone: config.LEDGER_TIMEZONE, complianceDate: config.LEDGER_COMPLIANCE_DATE };
  }

  @Post('disclosures')
  async record(
    @Body() body: RecordDisclosureRequestDto,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return respond(
      reply,
      await this.commands.execute(new MemberCommand(body.memberId, recordDisclosure(body, this.calendar), context)),
    );
  }

  /** Up to 1,000 disclosures; per-item results in order (`created`, `replayed` or `rejected` with the problem). */
  @Post('disclosure-batches')
  @HttpCode(200)
  recordBatch(@Body() body: BatchRequestDto, @Context() context: CommandContext) {
    return runBatch(this.commands, context, body.items, RecordDisclosureRequestDto, (request) => ({
      memberId: request.memberId,
      decide: recordDisclosure(request, this.calendar),
    }));
  }
}
