/**
 * A bulk import's lines (POST /v1/disclosure-imports, `phi-ledger import`): each line is what POST /v1/disclosures
 * takes, checked on its own (a bad line is reported by its number and stores nothing), gathered into chunks that are
 * stored one at a time, and the answer counts what each line became. No I/O here: the controller reads the body and
 * hands each chunk's commands to the command bus.
 */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { BULK_CHUNK, type CheckedItem } from '../../commands/batch.js';
import { ledgerProblem } from '../../commands/command-response.js';
import type { Outcome } from '../../commands/decision.js';
import type { BatchItem, LedgerCommand } from '../../commands/ledger-command.js';
import { isLedgerError } from '../../commands/ledger-error.js';
import { MAX_BODY_DEPTH, nestsDeeperThan } from '../../http/json-depth.js';
import { MAX_ITEM_BYTES } from '../../http/limits.js';
import type { NdjsonLine } from '../../http/ndjson.js';
import { problem, ProblemError, type Problem } from '../../http/problem.js';
import { validateItem } from '../../http/validation.js';
import { RecordDisclosureRequestDto } from '../record-disclosure/record-disclosure.request.dto.js';

/** Lines decided together: what the handler's bulk path takes at once (one commit in the store), as a batch's chunk. */
export const IMPORT_CHUNK_LINES = BULK_CHUNK;

/** At most this many refused lines are listed in the answer (all are counted). */
export const MAX_LISTED_PROBLEMS = 1000;

const invalid = (line: number, path: string, message: string, detail = `line ${line}: ${message}`): Problem =>
  problem(400, 'VALIDATION_FAILED', 'Invalid request', detail, { errors: [{ path, message }] });

/** A line longer than any valid disclosure (it is not read: only its length is known). */
export const lineTooLong = (line: number, bytes: number): Problem =>
  problem(
    413,
    'LINE_TOO_LONG',
    'Line too long',
    `line ${line} has ${bytes} bytes; a disclosure takes at most ${MAX_ITEM_BYTES}`,
  );

/** A line as the request it makes, or the problem that refuses it (too long, not JSON, too deep, invalid). */
export function checkLine(read: NdjsonLine): CheckedItem<RecordDisclosureRequestDto> {
  if ('tooLong' in read) return { problem: lineTooLong(read.line, read.tooLong) };
  let value: unknown;
  try {
    value = JSON.parse(read.text);
  } catch {
    return { problem: invalid(read.line, '', 'is not valid JSON') };
  }
  if (nestsDeeperThan(value, MAX_BODY_DEPTH))
    return { problem: invalid(read.line, '', `must not nest more than ${MAX_BODY_DEPTH} levels deep`) };
  const checked = validateItem(RecordDisclosureRequestDto, value);
  if ('value' in checked) return checked;
  const { errors } = checked;
  const detail =
    errors.length === 1
      ? `line ${read.line}: ${errors[0].path} ${errors[0].message}`
      : `line ${read.line}: ${errors.length} fields are invalid`;
  return { problem: problem(400, 'VALIDATION_FAILED', 'Invalid request', detail, { errors }) };
}

/** What an import answers: how many lines were read and what became of them; the refused lines and why. */
export interface ImportReport {
  /** the number of the last line read (blank lines are counted, and skipped) */
  lines: number;
  /** every line up to this one is decided and durably stored or refused: resend from the next after a failure */
  acknowledgedThrough: number;
  created: number;
  replayed: number;
  rejected: number;
  /** the highest log position of a stored line (a new or replayed one): a read with `minPosition` sees them all */
  position: number | null;
  /** the first MAX_LISTED_PROBLEMS refused lines, each with its problem */
  problems: ({ line: number } & Problem)[];
  /** refused lines counted but not listed */
  problemsNotListed: number;
}

function emptyReport(): ImportReport {
  return {
    lines: 0,
    acknowledgedThrough: 0,
    created: 0,
    replayed: 0,
    rejected: 0,
    position: null,
    problems: [],
    problemsNotListed: 0,
  };
}

/** The report with a refused line counted (and listed while there is room). */
function reject(report: ImportReport, line: number, refusal: Problem): void {
  report.rejected++;
  if (report.problems.length < MAX_LISTED_PROBLEMS) report.problems.push({ line, ...refusal });
  else report.problemsNotListed++;
}

/** The report with a decided line counted. */
function tally(report: ImportReport, line: number, outcome: Outcome<unknown>): void {
  if (isLedgerError(outcome)) return reject(report, line, ledgerProblem(outcome));
  if (outcome.status === 201) report.created++;
  else report.replayed++;
  const { position } = outcome.body;
  if (report.position === null || position > report.position) report.position = position;
}

/** POST /v1/disclosure-imports?firstLine=N: the number of the body's first line (a client sending a file in parts). */
export class ImportQueryDto {
  @ApiPropertyOptional({
    description: 'the number of the first line of the body (default 1), for problems and acknowledgements',
  })
  @IsOptional()
  @Matches(/^[1-9]\d{0,11}$/, { message: 'firstLine must be a whole number from 1' })
  firstLine?: string;
}

/**
 * One import in progress: lines numbered as in the caller's file, checked, gathered into chunks of
 * IMPORT_CHUNK_LINES and stored one chunk at a time through `store` while the next is read and checked (one in
 * flight, so a member's lines are decided in order); each chunk's lines are counted, in line order, once it is stored.
 * No I/O of its own: `store` runs the chunk's commands.
 */
export class ImportRun {
  readonly report = emptyReport();
  private items: BatchItem[] = [];
  private refused: { line: number; problem: Problem }[] = [];
  private storing: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;
  private readonly before: number;

  constructor(
    private readonly store: (items: BatchItem[]) => Promise<Map<number, Outcome<unknown>>>,
    private readonly toCommand: (request: RecordDisclosureRequestDto) => LedgerCommand,
    firstLine = 1,
  ) {
    this.before = firstLine - 1;
    this.report.lines = this.report.acknowledgedThrough = this.before;
  }

  /** A line read from the body (numbered from 1 in the body). */
  async add(line: NdjsonLine): Promise<void> {
    const read = { ...line, line: this.before + line.line };
    this.report.lines = read.line;
    const checked = checkLine(read);
    if ('problem' in checked) this.refused.push({ line: read.line, problem: checked.problem });
    else this.items.push({ index: read.line, command: this.toCommand(checked.value) });
    if (this.items.length + this.refused.length === IMPORT_CHUNK_LINES) {
      await this.stored();
      this.storeChunk();
    }
  }

  /** The body is read: the last chunk stored, the answer given (400 when the body held no line). */
  async finish(): Promise<ImportReport> {
    await this.stored();
    this.storeChunk();
    await this.stored();
    if (this.report.lines === this.before)
      throw new ProblemError(
        problem(400, 'VALIDATION_FAILED', 'Invalid request', 'the body holds no lines', {
          errors: [{ path: '', message: 'must hold at least one disclosure line' }],
        }),
      );
    return this.report;
  }

  /** Resolves once the chunk being stored is; rejects with the store's error if it failed. */
  async stored(): Promise<void> {
    await this.storing;
    if (this.failure) throw this.failure.error;
  }

  private storeChunk(): void {
    const [chunk, refusals, through] = [this.items, this.refused, this.report.lines];
    [this.items, this.refused] = [[], []];
    this.storing = (async () => {
      const outcomes = chunk.length > 0 ? await this.store(chunk) : new Map<number, Outcome<unknown>>();
      const answers = [
        ...chunk.map((i) => ({ line: i.index, count: () => tally(this.report, i.index, outcomes.get(i.index)!) })),
        ...refusals.map((r) => ({ line: r.line, count: () => reject(this.report, r.line, r.problem) })),
      ];
      for (const answer of answers.sort((a, b) => a.line - b.line)) answer.count();
      this.report.acknowledgedThrough = through;
    })().catch((error: unknown) => void (this.failure = { error }));
  }
}
