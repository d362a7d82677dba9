/** Batch endpoints (api.md): validate each item on its own, run the valid ones as one batch, answer per item in order. */
import { ApiProperty } from '@nestjs/swagger';
import type { CommandBus } from '@nestjs/cqrs';
import type { ClassConstructor } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import type { CommandContext } from './command-context.js';
import { CommandBatch, type LedgerCommand } from './ledger-command.js';
import { itemResult, rejectedItem } from './command-response.js';
import { MAX_BATCH } from '../http/limits.js';
import { problem } from '../http/problem.js';
import { validateItem } from '../http/validation.js';

export class BatchRequestDto {
  /** each item is validated on its own, so one bad item does not block the others */
  @ApiProperty({ type: 'array', items: { type: 'object' }, maxItems: MAX_BATCH })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH)
  items: unknown[];
}

/** Each item validated as `type` and turned into its command by `toCommand`; one outcome per item, in order. */
export async function runBatch<T extends object>(
  commands: CommandBus,
  context: CommandContext,
  items: unknown[],
  type: ClassConstructor<T>,
  toCommand: (request: T, context: CommandContext) => LedgerCommand,
) {
  const checked = items.map((item, index) => ({ index, ...validateItem(type, item) }));
  const valid = checked.flatMap((c) =>
    'value' in c ? [{ index: c.index, command: toCommand(c.value, context) }] : [],
  );
  const outcomes = await commands.execute(new CommandBatch(valid, context));
  return {
    results: checked.map((c) =>
      'errors' in c
        ? rejectedItem(
            c.index,
            problem(400, 'VALIDATION_FAILED', 'Invalid request', `items[${c.index}] is invalid`, { errors: c.errors }),
          )
        : itemResult(c.index, outcomes.get(c.index)!),
    ),
  };
}
