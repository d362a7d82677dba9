/** Batch endpoints: validate each item on its own, run the valid ones, answer per item in request order. */
import { ApiProperty } from '@nestjs/swagger';
import type { CommandBus } from '@nestjs/cqrs';
import type { ClassConstructor } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { problem } from '../../http/problem.js';
import { validateItem } from '../../http/validation.js';
import type { CommandContext } from './command-context.js';
import { itemResult, rejectedItem } from './http.js';
import type { LedgerError } from './ledger-error.js';
import { MemberBatchCommand } from './member-command.js';
import type { Accepted, Decide } from './member-command.runner.js';

export const MAX_BATCH = 1000;

export class BatchRequestDto {
  /** each item is validated on its own, so one bad item does not block the others */
  @ApiProperty({ type: 'array', items: { type: 'object' }, maxItems: MAX_BATCH })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH)
  items: unknown[];
}

export async function runBatch<T extends object>(
  commands: CommandBus,
  context: CommandContext,
  items: unknown[],
  type: ClassConstructor<T>,
  toCommand: (request: T) => { memberId: string; decide: Decide<unknown> },
) {
  const checked = items.map((item, index) => ({ index, ...validateItem(type, item) }));
  const valid = checked.flatMap((c) => ('value' in c ? [{ index: c.index, ...toCommand(c.value) }] : []));
  const outcomes = await commands.execute<MemberBatchCommand, Map<number, Accepted<unknown> | LedgerError>>(
    new MemberBatchCommand(valid, context),
  );
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
