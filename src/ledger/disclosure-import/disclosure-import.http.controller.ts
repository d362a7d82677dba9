/**
 * Bulk import (issue 17): `POST /v1/disclosure-imports` takes NDJSON, one disclosure per line exactly as
 * POST /v1/disclosures takes it, streamed (the body is read line by line, never held whole), and records each chunk of
 * lines through the handler's bulk path (same rules, ids and idempotency as the single command), the next chunk read
 * and checked while one is stored. Lines are decided in order within a member. The answer counts what each line became and says through which line everything is stored:
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
import type { Outcome } from '../../commands/decision.js';
import { CommandImport, type BatchItem } from '../../commands/ledger-command.js';
import { MAX_ITEM_BYTES, NDJSON } from '../../http/limits.js';
import { ndjsonLines } from '../../http/ndjson.js';
import { problem, ProblemError, type Problem } from '../../http/problem.js';
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
    // A chunk is stored while the next one is read and checked (at most one in flight, so the lines of a member are
    // decided in order); its lines are counted, in order, once it is stored.
    let items: BatchItem[] = [];
    let refused: { line: number; problem: Problem }[] = [];
    let storing: Promise<void> = Promise.resolve();
    const failure: { error?: unknown } = {}; // the store's error (503 …), not the body's
    const store = () => {
      const [chunk, refusals, through] = [items, refused, report.lines];
      [items, refused] = [[], []];
      storing = (async () => {
        const outcomes =
          chunk.length > 0
            ? await this.commands.execute(new CommandImport(chunk, context))
            : new Map<number, Outcome<unknown>>();
        const answers = [
          ...chunk.map((i) => ({ line: i.index, count: () => tally(report, i.index, outcomes.get(i.index)!) })),
          ...refusals.map((r) => ({ line: r.line, count: () => reject(report, r.line, r.problem) })),
        ];
        for (const answer of answers.sort((a, b) => a.line - b.line)) answer.count();
        report.acknowledgedThrough = through;
      })().catch((error: unknown) => void (failure.error = error ?? new Error('store failed')));
    };
    const stored = async () => {
      await storing;
      if ('error' in failure) throw failure.error;
    };
    try {
      for await (const line of ndjsonLines(request.body, MAX_ITEM_BYTES)) {
        const read = { ...line, line: before + line.line };
        report.lines = read.line;
        const checked = checkLine(read);
        if ('problem' in checked) refused.push({ line: read.line, problem: checked.problem });
        else
          items.push({
            index: read.line,
            command: new RecordDisclosureCommand(toRecordDisclosure(checked.value), context),
          });
        if (items.length + refused.length === IMPORT_CHUNK_LINES) {
          await stored();
          store();
        }
      }
    } catch {
      await stored();
      // the client went away mid-body: what was acknowledged stays stored; nobody is left to answer
      throw new ProblemError(
        problem(400, 'BAD_REQUEST', 'Bad request', 'the request body could not be read to its end'),
      );
    }
    await stored();
    store();
    await stored();
    if (report.lines === before)
      throw new ProblemError(
        problem(400, 'VALIDATION_FAILED', 'Invalid request', 'the body holds no lines', {
          errors: [{ path: '', message: 'must hold at least one disclosure line' }],
        }),
      );
    return report;
  }
}
