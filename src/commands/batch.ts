/** Batch endpoints (api.md): validate each item on its own, run the valid ones as one batch, answer per item in order. */
import { ApiProperty } from '@nestjs/swagger';
import type { CommandBus } from '@nestjs/cqrs';
import type { ClassConstructor } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import type { CommandContext } from './command-context.js';
import { CommandImport, type LedgerCommand } from './ledger-command.js';
import { itemResult, rejectedItem } from './command-response.js';
import type { Outcome } from './decision.js';
import { MAX_BATCH } from '../http/limits.js';
import { problem, type Problem } from '../http/problem.js';
import { validateItem } from '../http/validation.js';

export class BatchRequestDto {
  /** each item is validated on its own, so one bad item does not block the others */
  @ApiProperty({ type: 'array', items: { type: 'object' }, maxItems: MAX_BATCH })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH)
  items: unknown[];
}

/** An item checked on its own: the request it makes, or the problem that rejects it. */
export type CheckedItem<T> = { value: T } | { problem: Problem };

/** The usual check: the item validated as `type` (400 VALIDATION_FAILED naming each field). */
export const validatedAs =
  <T extends object>(type: ClassConstructor<T>) =>
  (item: unknown, index: number): CheckedItem<T> => {
    const checked = validateItem(type, item);
    return 'value' in checked
      ? checked
      : {
          problem: problem(400, 'VALIDATION_FAILED', 'Invalid request', `items[${index}] is invalid`, {
            errors: checked.errors,
          }),
        };
  };

/**
 * Each item checked (by default validated as `type`) and turned into its command; the valid ones decided through the
 * handler's bulk path (CommandImport, the same answers as deciding them stream by stream: the handler spec holds it to
 * that) a thousand at a time; one outcome per item, in order.
 */
export async function runBatch<T extends object>(
  commands: CommandBus,
  context: CommandContext,
  items: unknown[],
  type: ClassConstructor<T> | ((item: unknown, index: number) => CheckedItem<T>),
  toCommand: (request: T, context: CommandContext) => LedgerCommand,
) {
  const check =
    'prototype' in type && type.prototype
      ? validatedAs(type as ClassConstructor<T>)
      : (type as (item: unknown, index: number) => CheckedItem<T>);
  const checked = items.map((item, index) => ({ index, ...check(item, index) }));
  const accepted = checked.filter((c): c is { index: number; value: T } => 'value' in c);
  const commandsOf = (part: typeof accepted) =>
    part.map((c) => ({ index: c.index, command: toCommand(c.value, context) }));
  const outcomes = await inChunks(commands, context, accepted, commandsOf);
  return {
    results: checked.map((c) =>
      'problem' in c ? rejectedItem(c.index, c.problem) : itemResult(c.index, outcomes.get(c.index)!),
    ),
  };
}

/** The bulk path's chunk, for batches and imports alike: a batch of 10,000 is not held as commands all at once. */
export const BULK_CHUNK = 1000;

/**
 * Bulk items through CommandImport a chunk at a time, the next chunk's commands built while one is stored: a chunk's
 * commands, events and their encodings are garbage once it is answered, instead of living (and being copied by every
 * scavenge) until the last of 10,000 is. A stream's items in two chunks are decided in order, the second chunk after
 * the first is stored.
 */
async function inChunks<C>(
  commands: CommandBus,
  context: CommandContext,
  accepted: readonly C[],
  commandsOf: (part: C[]) => { index: number; command: LedgerCommand }[],
): Promise<Map<number, Outcome<unknown>>> {
  const outcomes = new Map<number, Outcome<unknown>>();
  let stored: Promise<void> = Promise.resolve();
  for (let i = 0; i < accepted.length; i += BULK_CHUNK) {
    const chunk = commandsOf(accepted.slice(i, i + BULK_CHUNK));
    await stored;
    stored = commands
      .execute<CommandImport, Map<number, Outcome<unknown>>>(new CommandImport(chunk, context))
      .then((part) => part.forEach((outcome, index) => outcomes.set(index, outcome)));
  }
  await stored;
  return outcomes;
}
