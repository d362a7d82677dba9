/** 164.528(c)(2): the first accounting in any 12 months is free (regulation.md §7.4: rolling or calendar year). */
import { describe, expect, it } from '@jest/globals';
import { feeWindowStart, isFeeRequired } from './fees.js';

describe('the 12-month fee window', () => {
  it.each([
    ['2025-06-15', 'rolling', '2024-06-16'],
    ['2025-03-01', 'rolling', '2024-03-02'],
    ['2024-02-29', 'rolling', '2023-03-02'],
    ['2025-06-15', 'calendar-year', '2025-01-01'],
  ] as const)('received %s, %s → the window starts %s', (receivedOn, window, start) => {
    expect(feeWindowStart(receivedOn, window)).toBe(start);
  });
});

describe('whether a request may carry a fee', () => {
  it('the first request is free', () => {
    expect(isFeeRequired('2025-06-15', [], 'rolling')).toBe(false);
  });

  it.each<[string[], boolean, string]>([
    [['2025-01-10'], true, 'another request five months earlier'],
    [['2024-06-16'], true, 'another request on the first day of the window'],
    [['2024-06-15'], false, 'another request a day before the window'],
    [['2025-06-15'], true, 'another request the same day'],
    [['2025-07-01'], false, 'a request received later does not count'],
  ])('rolling: %j → %s (%s)', (earlier, required) => {
    expect(isFeeRequired('2025-06-15', earlier, 'rolling')).toBe(required);
  });

  it('calendar year: a request in December does not make January’s carry a fee', () => {
    expect(isFeeRequired('2025-01-05', ['2024-12-20'], 'calendar-year')).toBe(false);
    expect(isFeeRequired('2025-12-20', ['2025-01-05'], 'calendar-year')).toBe(true);
    expect(isFeeRequired('2025-01-05', ['2024-12-20'], 'rolling')).toBe(true);
  });
});
