/** Calendar arithmetic on plan dates (YYYY-MM-DD), in UTC so that no time zone or DST shifts a day. */
const toUtc = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return { y, m, d };
};
const format = (t: number) => new Date(t).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const { y, m, d } = toUtc(date);
  return format(Date.UTC(y, m - 1, d + days));
}

/** Same month and day n years later; 29 February becomes 1 March in a common year. */
export function addYears(date: string, years: number): string {
  const { y, m, d } = toUtc(date);
  return format(Date.UTC(y + years, m - 1, d));
}

/**
 * The same month and day n years before; 29 February becomes **28 February** in a common year. Used where an earlier
 * start favours the member: 164.528(a)(1)'s six years before a request dated 29 February start on 28 February (the
 * member gets the extra day; the rule sets no shorter window, and addYears' 1 March would drop a day of it).
 */
export function yearsBefore(date: string, years: number): string {
  const { y, m, d } = toUtc(date);
  const back = y - years;
  const leap = back % 4 === 0 && (back % 100 !== 0 || back % 400 === 0);
  return m === 2 && d === 29 && !leap ? `${String(back).padStart(4, '0')}-02-28` : format(Date.UTC(back, m - 1, d));
}

export function daysBetween(from: string, to: string): number {
  const a = toUtc(from);
  const b = toUtc(to);
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86_400_000);
}
