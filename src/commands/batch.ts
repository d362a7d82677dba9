/** Batch endpoints (api.md): validate each item on its own, run the valid ones as one batch, answer per item in order. */
import { ApiProperty } from '@nestjs/swagger';
import type { CommandBus } from '@nestjs/cqrs';
import type { ClassConstructor } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import type { CommandContext } from './command-context.js';
import { CommandBatch, CommandImport, type LedgerCommand } from './ledger-command.js';
import { itemResult, rejectedItem } from './command-response.js';
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

/** Each item checked (by default validated as `type`) and turned into its command; one outcome per item, in order. */
export async function runBatch<T extends object>(
  commands: CommandBus,
  context: CommandContext,
  items: unknown[],
  type: ClassConstructor<T> | ((item: unknown, index: number) => CheckedItem<T>),
  toCommand: (request: T, context: CommandContext) => LedgerCommand,
  /** decide through the handler's bulk path (CommandImport): for items that name their streams, by the thousand */
  bulk = false,
) {
  const check =
    'prototype' in type && type.prototype
      ? validatedAs(type as ClassConstructor<T>)
      : (type as (item: unknown, index: number) => CheckedItem<T>);
  const checked = items.map((item, index) => ({ index, ...check(item, index) }));
  const valid = checked.flatMap((c) =>
    'value' in c ? [{ index: c.index, command: toCommand(c.value, context) }] : [],
  );
  const outcomes = await commands.execute(bulk ? new CommandImport(valid, context) : new CommandBatch(valid, context));
  return {
    results: checked.map((c) =>
      'problem' in c ? rejectedItem(c.index, c.problem) : itemResult(c.index, outcomes.get(c.index)!),
    ),
  };
}
