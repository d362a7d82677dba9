import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from './command-context.js';
import type { LedgerError } from './ledger-error.js';
import { MemberCommandRunner, type Accepted, type Decide } from './member-command.runner.js';

/** A command on one member's stream whose decider is already built from the validated request. */
export class MemberCommand<R = unknown> {
  constructor(
    readonly memberId: string,
    readonly decide: Decide<R>,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(MemberCommand)
export class MemberCommandHandler implements ICommandHandler<MemberCommand> {
  constructor(private readonly runner: MemberCommandRunner) {}

  execute({ memberId, decide, context }: MemberCommand): Promise<Accepted<unknown> | LedgerError> {
    return this.runner.run(memberId, context, decide);
  }
}

/** Batch items already validated, each with its member, decider and index in the request. */
export class MemberBatchCommand<R = unknown> {
  constructor(
    readonly items: { index: number; memberId: string; decide: Decide<R> }[],
    readonly context: CommandContext,
  ) {}
}

/** Items for the same member are decided in order and appended together; members run concurrently. */
@CommandHandler(MemberBatchCommand)
export class MemberBatchHandler implements ICommandHandler<MemberBatchCommand> {
  constructor(private readonly runner: MemberCommandRunner) {}

  async execute({ items, context }: MemberBatchCommand): Promise<Map<number, Accepted<unknown> | LedgerError>> {
    const byMember = new Map<string, MemberBatchCommand['items']>();
    for (const item of items) {
      const list = byMember.get(item.memberId);
      if (list) list.push(item);
      else byMember.set(item.memberId, [item]);
    }
    const outcomes = new Map<number, Accepted<unknown> | LedgerError>();
    await Promise.all(
      [...byMember].map(async ([memberId, memberItems]) => {
        const results = await this.runner.runMany(
          memberId,
          context,
          memberItems.map((i) => i.decide),
        );
        results.forEach((r, k) => outcomes.set(memberItems[k].index, r));
      }),
    );
    return outcomes;
  }
}
