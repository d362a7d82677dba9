/** Calendar arithmetic on plan dates: no time zone or DST ever moves a day. */
import { describe, expect, it } from '@jest/globals';
import { addDays, addYears, daysBetween, yearsBefore } from './calendar.js';

describe('plan-date arithmetic', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2025-03-09', 1, '2025-03-10'], // US DST starts
    ['2025-01-01', -1, '2024-12-31'],
  ])('%s + %i days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each([
    ['2025-03-10', -6, '2019-03-10'],
    ['2024-02-29', -6, '2018-03-01'],
    ['2024-02-29', 4, '2028-02-29'],
  ])('%s + %i years = %s (29 February becomes 1 March in a common year)', (date, years, expected) => {
    expect(addYears(date, years)).toBe(expected);
  });

  it.each([
    ['2025-03-10', 6, '2019-03-10'],
    ['2024-02-29', 6, '2018-02-28'],
    ['2024-02-29', 4, '2020-02-29'],
    ['2024-03-01', 6, '2018-03-01'],
    ['2000-02-29', 100, '1900-02-28'],
  ])(
    '%s − %i years = %s (29 February becomes 28 February in a common year: the earlier day)',
    (date, years, expected) => {
      expect(yearsBefore(date, years)).toBe(expected);
    },
  );

  it('days between two dates, across a leap day and a DST change', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-03-08', '2025-03-10')).toBe(2);
    expect(daysBetween('2025-03-10', '2025-03-08')).toBe(-2);
  });
});
