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

export function daysBetween(from: string, to: string): number {
  const a = toUtc(from);
  const b = toUtc(to);
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86_400_000);
}
