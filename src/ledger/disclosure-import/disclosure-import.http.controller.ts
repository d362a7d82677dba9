/**
 * Bulk import (issue 17): `POST /v1/disclosure-imports` takes NDJSON, one disclosure per line exactly as
 * POST /v1/disclosures takes it, streamed (the body is read line by line, never held whole), and records each chunk of
 * lines through the handler's bulk path (same rules, ids and idempotency as the single command), the next chunk read
 * and checked while one is stored (ImportRun). Lines are decided in order within a member. The answer counts what
 * each line became and says through which line everything is stored: a client that loses the connection resends from
 * the line after it (a resent line is a replay, never a second event).
 */
import { Readable } from 'node:stream';
import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Roles } from '../../auth/auth.guard.js';
import type { CommandContext } from '../../commands/command-context.js';
import { Context } from '../../commands/command-response.js';
import { CommandImport } from '../../commands/ledger-command.js';
import { MAX_ITEM_BYTES, NDJSON } from '../../http/limits.js';
import { ndjsonLines, type NdjsonLine } from '../../http/ndjson.js';
import { problem, ProblemError } from '../../http/problem.js';
import { RecordDisclosureCommand, toRecordDisclosure } from '../record-disclosure/record-disclosure.command.js';
import { ImportQueryDto, ImportRun, type ImportReport } from './disclosure-import.js';

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
    const run = new ImportRun(
      (items) => this.commands.execute(new CommandImport(items, context)),
      (request) => new RecordDisclosureCommand(toRecordDisclosure(request), context),
      Number(query.firstLine ?? 1),
    );
    const lines = ndjsonLines(request.body, MAX_ITEM_BYTES);
    for (;;) {
      let next: IteratorResult<NdjsonLine>;
      try {
        next = await lines.next();
      } catch {
        // the client went away mid-body: what was acknowledged stays stored; nobody is left to answer
        await run.stored();
        throw new ProblemError(
          problem(400, 'BAD_REQUEST', 'Bad request', 'the request body could not be read to its end'),
        );
      }
      if (next.done) break;
      await run.add(next.value); // the store's errors (503 …) are answered as they are
    }
    return run.finish();
  }
}
