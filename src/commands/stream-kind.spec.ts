/**
 * Drafts (StreamKind.drafts): folding a batch's decisions one by one into one private copy gives the state the pure
 * fold gives, and leaves the state the batch started from as it was (a cached state may be shared).
 */
import { describe, expect, it } from '@jest/globals';
import { memberStreamKind } from '../ledger/member/member-state.js';
import { useStreamKind } from '../ledger/record-use/use-stream.js';
import type { FoldableEvent, StreamKind } from './stream-kind.js';

const use = (n: number): FoldableEvent => ({
  type: 'PhiUsed',
  data: { useId: `U${n}`, memberId: 'M1', commandHash: `h${n}` },
  position: BigInt(n + 1),
});
const disclosed = (n: number): FoldableEvent => ({
  type: 'PhiDisclosed',
  data: { disclosureId: `D${n}`, memberId: 'M1', commandHash: `d${n}` },
  position: BigInt(n + 1),
});

function foldedBothWays<S>(kind: StreamKind<S>, before: FoldableEvent[], batch: FoldableEvent[]) {
  const start = kind.fold(kind.initial(), before);
  const snapshot = kind.fold(kind.initial(), before);
  let pure = start;
  for (const e of batch) pure = kind.fold(pure, [e]);
  const draft = kind.drafts!.draft(start);
  for (const e of batch) kind.drafts!.foldInto(draft, [e]);
  return { start, snapshot, pure, draft };
}

describe('stream kinds that fold a batch into a draft', () => {
  it('uses: one draft, event by event, equals the pure fold, and the starting state is untouched', () => {
    const events = Array.from({ length: 50 }, (_, n) => use(n));
    const { start, snapshot, pure, draft } = foldedBothWays(useStreamKind, events.slice(0, 10), events.slice(10));
    expect(draft).toEqual(pure);
    expect(draft.size).toBe(50);
    expect(start).toEqual(snapshot);
    expect(start.size).toBe(10);
  });

  it('members: one draft, event by event, equals the pure fold, and the starting state is untouched', () => {
    const events = [
      ...Array.from({ length: 20 }, (_, n) => disclosed(n)),
      ...Array.from({ length: 5 }, (_, n) => use(n)),
    ];
    const { start, snapshot, pure, draft } = foldedBothWays(memberStreamKind, events.slice(0, 8), events.slice(8));
    expect(draft).toEqual(pure);
    expect(draft.disclosures.size).toBe(20);
    expect(draft.commands.size).toBe(5);
    expect(start).toEqual(snapshot);
    expect(start.disclosures.size).toBe(8);
  });
});
