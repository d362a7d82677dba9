/**
 * Totals as a small bar chart, drawn on the server as SVG (no chart library, no script): one bar per group,
 * labelled, with a <title> and a <desc> for screen readers; the console shows it beside the numbers as a table.
 */
import type { TotalsRow } from '../accounting/projection/totals.js';
import { escapeHtml } from '../accounting/reports/html.js';

const esc = escapeHtml;

const BAR = 22;
const LABEL = 260;
const WIDTH = 720;

const labelOf = (key: TotalsRow['key']) =>
  Object.values(key)
    .map((v) => (v === null ? '(none)' : String(v)))
    .join(' · ');

export function totalsSvg(title: string, groups: TotalsRow[], max = 30): string {
  const shown = groups.slice(0, max);
  const top = Math.max(1, ...shown.map((g) => g.count));
  const height = shown.length * (BAR + 6) + 34;
  const bars = shown
    .map((g, i) => {
      const y = 28 + i * (BAR + 6);
      const w = Math.max(1, Math.round(((WIDTH - LABEL - 70) * g.count) / top));
      return (
        `<g><text x="${LABEL - 8}" y="${y + 15}" text-anchor="end" font-size="13" fill="#1b1b1b">${esc(labelOf(g.key))}</text>` +
        `<rect x="${LABEL}" y="${y}" width="${w}" height="${BAR}" fill="#1a4480"/>` +
        `<text x="${LABEL + w + 6}" y="${y + 15}" font-size="13" fill="#1b1b1b">${g.count.toLocaleString('en-US')}</text></g>`
      );
    })
    .join('');
  const more = groups.length > max ? ` (the first ${max} of ${groups.length} groups)` : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title chart-desc" width="${WIDTH}" ` +
    `height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif">` +
    `<title id="chart-title">${esc(title)}</title>` +
    `<desc id="chart-desc">${esc(shown.map((g) => `${labelOf(g.key)}: ${g.count}`).join('; '))}${esc(more)}</desc>` +
    `<text x="0" y="16" font-size="14" font-weight="600" fill="#1b1b1b">${esc(title + more)}</text>${bars}</svg>`
  );
}
