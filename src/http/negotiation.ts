/**
 * An Accept or Accept-Language header's values, best first (RFC 9110 §12.4.2): by quality, then in the order given;
 * `q=0` means "not this". Values are lower-cased, parameters other than `q` dropped.
 */
export function byQuality(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((part, i) => {
      const [value, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
      return { value: value.trim().toLowerCase(), q: q ? Number(q[1]) : 1, i };
    })
    .filter((v) => v.value && v.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((v) => v.value);
}
