/**
 * FHIR import (issue 12): BALP PrivacyDisclosure AuditEvents from other systems (a business associate, an EHR)
 * recorded as disclosures through the same command as POST /v1/disclosures. Bodies may be sent as
 * application/fhir+json or application/json.
 */
import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../auth/auth.guard.js';
import { runBatch, type CheckedItem } from '../../commands/batch.js';
import type { CommandContext } from '../../commands/command-context.js';
import { Context, respond } from '../../commands/command-response.js';
import { MAX_BATCH } from '../../http/limits.js';
import { problem, ProblemError, type Problem } from '../../http/problem.js';
import { validateItem } from '../../http/validation.js';
import { RecordDisclosureCommand, toRecordDisclosure } from '../record-disclosure/record-disclosure.command.js';
import { RecordDisclosureRequestDto } from '../record-disclosure/record-disclosure.request.dto.js';
import { disclosureFromAuditEvent, elementOf, type UnmappedElement } from './audit-event.mapping.js';

const unmappable = (errors: UnmappedElement[], where = 'the AuditEvent'): Problem =>
  problem(
    422,
    'FHIR_UNMAPPABLE',
    'Cannot be recorded as a disclosure',
    errors.length === 1
      ? `${where}: ${errors[0].element} ${errors[0].message}`
      : `${where}: ${errors.length} elements cannot be mapped`,
    { errors: errors.map((e) => ({ path: e.element, message: e.message })) },
  );

/** The AuditEvent mapped and validated as the native command's body; a refusal names FHIR elements. */
function checkAuditEvent(resource: unknown, where?: string): CheckedItem<RecordDisclosureRequestDto> {
  const mapped = disclosureFromAuditEvent(resource);
  if (mapped.unmapped) return { problem: unmappable(mapped.unmapped, where) };
  const valid = validateItem(RecordDisclosureRequestDto, mapped.body);
  if ('value' in valid) return valid;
  return {
    problem: unmappable(
      valid.errors.map((e) => ({ element: elementOf(e.path), message: e.message })),
      where,
    ),
  };
}

const AUDIT_EVENT_SCHEMA = {
  type: 'object',
  description: 'a FHIR R4 AuditEvent (IHE BALP PrivacyDisclosure); docs/fhir/',
  additionalProperties: true,
};

@ApiTags('disclosures')
@ApiBearerAuth()
@Roles('recorder')
@Controller('v1/fhir')
export class FhirImportController {
  constructor(private readonly commands: CommandBus) {}

  /** One AuditEvent: 201 as POST /v1/disclosures; 422 FHIR_UNMAPPABLE naming each element that cannot be mapped. */
  @Post('AuditEvent')
  @ApiBody({ schema: AUDIT_EVENT_SCHEMA })
  async record(
    @Body() resource: Record<string, unknown>,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const checked = checkAuditEvent(resource);
    if ('problem' in checked) throw new ProblemError(checked.problem);
    return respond(
      reply,
      await this.commands.execute(new RecordDisclosureCommand(toRecordDisclosure(checked.value), context)),
    );
  }

  /**
   * A Bundle (batch, transaction or collection) of up to 1,000 AuditEvents, recorded as a disclosure batch: one
   * result per entry, in order (`created`, `replayed`, or `rejected` with its problem).
   */
  @Post()
  @HttpCode(200)
  @ApiBody({ schema: { type: 'object', description: 'a FHIR R4 Bundle of AuditEvent entries' } })
  recordBundle(@Body() bundle: Record<string, unknown>, @Context() context: CommandContext) {
    const entries = bundle?.resourceType === 'Bundle' && Array.isArray(bundle.entry) ? bundle.entry : null;
    if (!entries || entries.length === 0 || entries.length > MAX_BATCH) {
      throw new ProblemError(
        unmappable(
          [{ element: 'entry', message: `a Bundle with 1 to ${MAX_BATCH} entries, each an AuditEvent, is required` }],
          'the Bundle',
        ),
      );
    }
    return runBatch(
      this.commands,
      context,
      entries.map((e: unknown) => (typeof e === 'object' && e !== null ? (e as { resource?: unknown }).resource : e)),
      (resource, index) => checkAuditEvent(resource, `entry[${index}]`),
      (request, c) => new RecordDisclosureCommand(toRecordDisclosure(request), c),
    );
  }
}
