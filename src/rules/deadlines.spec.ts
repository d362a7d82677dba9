/** 164.528(c)(1) deadlines and 164.530(j)(2) retention, as a table of dates (calendar days, plan dates). */
import { describe, expect, it } from '@jest/globals';
import { dueOn, effectiveDueOn, extensionProblem, isOverdue, providedOnTime, retainUntil } from './deadlines.js';

describe('the 60-day deadline (164.528(c)(1))', () => {
  it.each([
    ['2025-01-02', '2025-03-03', 'across February of a common year'],
    ['2024-01-02', '2024-03-02', 'across 29 February of a leap year'],
    ['2024-11-15', '2025-01-14', 'across the year end'],
    ['2025-03-01', '2025-04-30', 'across the DST change (calendar days, not hours)'],
  ])('received %s → due %s (%s)', (received, due) => {
    expect(dueOn(received)).toBe(due);
  });

  it('overdue the day after the deadline in force, not on it', () => {
    expect(isOverdue('2025-03-03', '2025-03-03')).toBe(false);
    expect(isOverdue('2025-03-04', '2025-03-03')).toBe(true);
  });

  it('provided on the due date is on time; the day after is late', () => {
    expect(providedOnTime('2025-03-03', '2025-03-03')).toBe(true);
    expect(providedOnTime('2025-03-04', '2025-03-03')).toBe(false);
  });
});

describe('one extension of at most 30 days, noticed within the 60 (164.528(c)(1)(ii))', () => {
  const due = '2025-03-03';

  it.each<[string, string, string | null]>([
    ['2025-03-03', '2025-04-02', null],
    ['2025-01-10', '2025-03-04', null],
    ['2025-03-04', '2025-04-02', 'EXTENSION_TOO_LATE'],
    ['2025-02-01', '2025-04-03', 'EXTENSION_TOO_LONG'],
    ['2025-02-01', '2025-03-03', 'EXTENSION_TOO_LONG'],
    ['2025-02-01', '2025-03-01', 'EXTENSION_TOO_LONG'],
  ])('sent %s, new due date %s → %s', (sentOn, newDueOn, code) => {
    expect(extensionProblem(due, sentOn, newDueOn, false)?.code ?? null).toBe(code);
  });

  it('only one: a second extension is refused whatever its dates', () => {
    expect(extensionProblem(due, '2025-02-01', '2025-03-10', true)).toMatchObject({ code: 'EXTENSION_ALREADY_SENT' });
  });

  it('the deadline in force is the extended one, when there is one', () => {
    expect(effectiveDueOn(due, null)).toBe(due);
    expect(effectiveDueOn(due, '2025-04-02')).toBe('2025-04-02');
  });
});

describe('retention (164.530(j)(2))', () => {
  it('six years from creation; 29 February moves to 1 March', () => {
    expect(retainUntil('2025-02-01')).toBe('2031-02-01');
    expect(retainUntil('2024-02-29')).toBe('2030-03-01');
  });
});
