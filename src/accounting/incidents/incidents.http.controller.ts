import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../auth/auth.guard.js';
import type { CommandContext } from '../../commands/command-context.js';
import { Context, respond } from '../../commands/command-response.js';
import { LedgerIdPipe } from '../../http/ledger-id.pipe.js';
import { problem, ProblemError } from '../../http/problem.js';
import { FlaggedDisclosuresQuery, FlaggedMatchingQuery } from './flagged-disclosures.query.js';
import * as incidents from './incident.command.js';
import type { IncidentStep } from './incident.decider.js';
import {
  BreachExceptionRequestDto,
  ConclusionRequestDto,
  GroupDisclosuresRequestDto,
  LawEnforcementDelayRequestDto,
  MAX_GROUPED,
  NoticeRequestDto,
  OpenIncidentRequestDto,
  ReviseDiscoveryRequestDto,
  RiskAssessmentRequestDto,
} from './incident.request.dto.js';

/** Breach incidents (45 CFR 164.400–414): the privacy office's steps, each an event on `assessment-{incidentId}`. */
@ApiTags('breach incidents')
@ApiBearerAuth()
@Roles('privacy-officer')
@Controller('v1/incidents')
export class IncidentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  private async send(step: IncidentStep, context: CommandContext, reply: FastifyReply) {
    return respond(reply, await this.commands.execute(new incidents.IncidentStepCommand(step, context)));
  }

  /**
   * Only disclosures flagged for a breach assessment (impermissible ones) can be grouped, and a disclosure belongs to
   * one incident: one already in another is refused (409 IN_ANOTHER_INCIDENT; two groupings racing on the same
   * disclosure are not excluded here: the read model is the arbiter, not a lock).
   */
  private async flagged(ids: string[], incidentId: string) {
    const unique = [...new Set(ids)];
    const found = await this.queries.execute(new FlaggedDisclosuresQuery(unique));
    if (found.length < unique.length) {
      const known = new Set(found.map((f) => f.disclosureId));
      const missing = unique.filter((id) => !known.has(id));
      throw new ProblemError(
        problem(
          422,
          'NOT_FLAGGED',
          'Not flagged for a breach assessment',
          `${missing.length} of the disclosures named are not recorded as impermissible (no breach assessment flag), e.g. ${missing.slice(0, 3).join(', ')}`,
          { errors: [{ path: 'disclosureIds', message: 'every disclosure must be flagged for a breach assessment' }] },
        ),
      );
    }
    const elsewhere = found.filter((f) => f.incidentId !== null && f.incidentId !== incidentId);
    if (elsewhere.length > 0) {
      throw new ProblemError(
        problem(
          409,
          'IN_ANOTHER_INCIDENT',
          'Already in another incident',
          `${elsewhere.length} of the disclosures named are already in another incident, e.g. ${elsewhere[0].disclosureId} in ${elsewhere[0].incidentId}`,
        ),
      );
    }
    return found.map(({ disclosureId, memberId }) => ({ disclosureId, memberId }));
  }

  @Post()
  async open(
    @Body() b: OpenIncidentRequestDto,
    @Context() c: CommandContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.send(incidents.toOpening(b, await this.flagged(b.disclosureIds ?? [], b.incidentId)), c, r);
  }

  /**
   * By ids (≤ 10,000, one command), or by filter: the matching flagged disclosures in no incident yet, walked in pages
   * of 10,000, each page one command (a retry after a failure goes on where it stopped: what was taken in is no longer
   * matched; a refusal, such as a concluded incident, stops the walk). Answers the last page's result with `added`
   * and `commands`.
   */
  @Post(':incidentId/disclosures')
  async group(
    @Param('incidentId', LedgerIdPipe) id: string,
    @Body() b: GroupDisclosuresRequestDto,
    @Context() c: CommandContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    if (!b.filter) return this.send(incidents.toGrouping(id, await this.flagged(b.disclosureIds!, id)), c, r);
    let after = '';
    let added = 0;
    let commands = 0;
    let last: unknown = null;
    for (;;) {
      const page = await this.queries.execute(new FlaggedMatchingQuery(b.filter, after, MAX_GROUPED));
      if (page.length === 0) break;
      last = await this.send(incidents.toGrouping(id, page), c, r);
      added += page.length;
      commands += 1;
      after = page[page.length - 1].disclosureId;
    }
    if (commands === 0) {
      throw new ProblemError(
        problem(
          422,
          'NO_MATCHING_DISCLOSURES',
          'Nothing to group',
          'no flagged disclosure outside an incident matches the filter',
          {
            errors: [{ path: 'filter', message: 'matches no flagged disclosure outside an incident' }],
          },
        ),
      );
    }
    return { ...(last as object), added, commands };
  }

  @Post(':incidentId/discovery-revisions')
  discovery(
    @Param('incidentId', LedgerIdPipe) id: string,
    @Body() b: ReviseDiscoveryRequestDto,
    @Context() c: CommandContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.send(incidents.toDiscoveryRevision(id, b), c, r);
  }

  @Post(':incidentId/risk-assessments')
  assess(
    @Param('incidentId', LedgerIdPipe) id: string,
    @Body() b: RiskAssessmentRequestDto,
    @Context() c: CommandContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.send(incidents.toRiskAssessment(id, b), c, r);
  }

  @Post(':incidentId/exceptions')
  exception(
    @Param('incidentId', LedgerIdPipe) id: string,
    @Body() b: BreachExceptionRequestDto,
    @Context() c: CommandContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.send(incidents.toException(id, b), c, r);
  }

  @Post(':incidentId/law-enforcement-delays')
  delay(
    @Param('incidentId', LedgerIdPipe) id: string,
    @Body() b: LawEnforcementDelayRequestDto,
    @Context() c: CommandContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.send(incidents.toDelay(id, b), c, r);
  }

  @Post(':incidentId/conclusions')
  conclude(
    @Param('incidentId', LedgerIdPipe) id: string,
    @Body() b: ConclusionRequestDto,
    @Context() c: CommandContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.send(incidents.toConclusion(id, b), c, r);
  }

  @Post(':incidentId/notices')
  notice(
    @Param('incidentId', LedgerIdPipe) id: string,
    @Body() b: NoticeRequestDto,
    @Context() c: CommandContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.send(incidents.toNotice(id, b), c, r);
  }
}
