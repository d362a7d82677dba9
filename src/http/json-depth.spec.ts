/** Bodies nested too deep are refused before validation (a stack overflow would answer 500). */
import { describe, expect, it } from '@jest/globals';
import { MAX_BODY_DEPTH, nestsDeeperThan } from './json-depth.js';

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = i % 2 ? { k: value } : [value];
  return value;
};

describe('body nesting depth', () => {
  it('scalars and flat bodies nest 0 or 1 level', () => {
    expect(nestsDeeperThan('x', 0)).toBe(false);
    expect(nestsDeeperThan({ a: 1, b: 'x' }, 1)).toBe(false);
    expect(nestsDeeperThan({ a: 1, b: 'x' }, 0)).toBe(true);
  });

  it('exactly at the limit passes; one more level is refused', () => {
    expect(nestsDeeperThan(nested(MAX_BODY_DEPTH), MAX_BODY_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nested(MAX_BODY_DEPTH + 1), MAX_BODY_DEPTH)).toBe(true);
  });

  it('a 1,000-item batch of disclosures is far within it', () => {
    const item = {
      recipient: { name: 'R' },
      legalBasis: { cfr: null, permitted: false },
      occurredPeriod: { from: 'a', to: 'b' },
    };
    expect(nestsDeeperThan({ items: Array.from({ length: 1000 }, () => item) }, 4)).toBe(false);
  });

  it('a body nested 100,000 levels deep is measured without overflowing the stack', () => {
    expect(nestsDeeperThan(nested(100_000), MAX_BODY_DEPTH)).toBe(true);
  });
});
