/**
 * Bulk import (issue 17): `POST /v1/disclosure-imports` takes NDJSON, one disclosure per line exactly as
 * POST /v1/disclosures takes it, streamed (the body is read line by line, never held whole), and records each chunk of
 * lines through the handler's bulk path (same rules, ids and idempotency as the single command). Lines are decided in
 * order within a member. The answer counts what each line became and says through which line everything is stored:
 * a client that loses the connection resends from the line after it (a resent line is a replay, never a second event).
 */
import { Readable } from 'node:stream';
import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Roles } from '../../auth/auth.guard.js';
import type { CommandContext } from '../../commands/command-context.js';
import { Context } from '../../commands/command-response.js';
import { CommandImport, type BatchItem } from '../../commands/ledger-command.js';
import { MAX_ITEM_BYTES, NDJSON } from '../../http/limits.js';
import { ndjsonLines } from '../../http/ndjson.js';
import { problem, ProblemError } from '../../http/problem.js';
import { RecordDisclosureCommand, toRecordDisclosure } from '../record-disclosure/record-disclosure.command.js';
import {
  checkLine,
  emptyReport,
  IMPORT_CHUNK_LINES,
  ImportQueryDto,
  reject,
  tally,
  type ImportReport,
} from './disclosure-import.js';

@ApiTags('disclosures')
@ApiBearerAuth()
@Roles('recorder')
@Controller('v1')
export class DisclosureImportController {
  constructor(private readonly commands: CommandBus) {}

  @Post('disclosure-imports')
  @HttpCode(200)
  @ApiConsumes(NDJSON)
  @ApiBody({
    description: 'NDJSON: one disclosure per line, each as POST /v1/disclosures takes it (RecordDisclosureRequestDto)',
    schema: { type: 'string' },
  })
  @ApiOkResponse({
    description: 'lines, acknowledgedThrough, created, replayed, rejected, problems[{ line, …problem }]',
  })
  async import(
    @Req() request: FastifyRequest,
    @Query() query: ImportQueryDto,
    @Context() context: CommandContext,
  ): Promise<ImportReport> {
    if (!(request.body instanceof Readable))
      throw new ProblemError(
        problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type', `send the lines as ${NDJSON}`),
      );
    const report = emptyReport();
    const before = Number(query.firstLine ?? 1) - 1; // lines numbered in the caller's file
    report.lines = report.acknowledgedThrough = before;
    let chunk: BatchItem[] = [];
    let storing = false; // an error while storing is the store's; one while reading, the body's
    const flush = async () => {
      if (chunk.length > 0) {
        storing = true;
        const outcomes = await this.commands.execute(new CommandImport(chunk, context));
        storing = false;
        for (const item of chunk) tally(report, item.index, outcomes.get(item.index)!);
        chunk = [];
      }
      report.acknowledgedThrough = report.lines;
    };
    try {
      for await (const line of ndjsonLines(request.body, MAX_ITEM_BYTES)) {
        const read = { ...line, line: before + line.line };
        report.lines = read.line;
        const checked = checkLine(read);
        if ('problem' in checked) reject(report, read.line, checked.problem);
        else
          chunk.push({
            index: read.line,
            command: new RecordDisclosureCommand(toRecordDisclosure(checked.value), context),
          });
        if (chunk.length === IMPORT_CHUNK_LINES) await flush();
      }
    } catch (error) {
      if (storing) throw error;
      // the client went away mid-body: what was acknowledged stays stored; nobody is left to answer
      throw new ProblemError(
        problem(400, 'BAD_REQUEST', 'Bad request', 'the request body could not be read to its end'),
      );
    }
    await flush();
    if (report.lines === before)
      throw new ProblemError(
        problem(400, 'VALIDATION_FAILED', 'Invalid request', 'the body holds no lines', {
          errors: [{ path: '', message: 'must hold at least one disclosure line' }],
        }),
      );
    return report;
  }
}
