/**
 * format=html: the member's accounting as one self-contained, accessible page (landmarks, a captioned table with
 * column headers, print styles). No script, no font, no image and nothing fetched from anywhere: the only style is
 * inline and allowed by its hash in the Content-Security-Policy sent with it (htmlSecurityHeaders).
 */
import { createHash } from 'node:crypto';
import { webFile } from '../../http/web-page.js';
import type { MemberReport, ReportRow } from './member-report.js';

/** web/report.css: shared with the /accounting page, which serves it as a file. */
export const REPORT_CSS = webFile('report.css');
const CSS_HASH = createHash('sha256').update(REPORT_CSS).digest('base64');

/** Headers for an HTML answer holding PHI: nothing may be loaded, framed, cached or told where it came from. */
export const htmlSecurityHeaders = {
  'content-security-policy': `default-src 'none'; style-src 'sha256-${CSS_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

function rowHtml(r: ReportRow, c: MemberReport['columns']): string {
  const e = escapeHtml;
  const address = r.address ? `<span class="address">${e(r.address)}</span>` : '';
  const notes = r.notes.map((n) => `<p>${e(n)}</p>`).join('');
  return (
    `<tr class="${r.type}"><td data-label="${e(c.date)}">${e(r.when)}</td>` +
    `<td data-label="${e(c.recipient)}">${e(r.recipient)}${address}</td>` +
    `<td data-label="${e(c.what)}">${e(r.what)}</td>` +
    `<td data-label="${e(c.why)}">${e(r.why)}${notes}</td></tr>`
  );
}

function table(id: string, caption: string, rows: ReportRow[], c: MemberReport['columns']): string {
  const e = escapeHtml;
  return (
    `<table aria-describedby="${id}"><caption id="${id}">${e(caption)}</caption><thead><tr>` +
    `<th scope="col">${e(c.date)}</th><th scope="col">${e(c.recipient)}</th>` +
    `<th scope="col">${e(c.what)}</th><th scope="col">${e(c.why)}</th></tr></thead>` +
    `<tbody>${rows.map((r) => rowHtml(r, c)).join('')}</tbody></table>`
  );
}

/** The report's body: what the /accounting page puts in its own document. */
export function reportBodyHtml(r: MemberReport): string {
  const e = escapeHtml;
  const sections = r.sections
    .map(
      (s, i) =>
        `<section aria-labelledby="about-${i}"><h2 id="about-${i}">${e(s.heading)}</h2>` +
        s.paragraphs.map((p) => `<p>${e(p)}</p>`).join('') +
        (s.items ? `<ul>${s.items.map((x) => `<li>${e(x)}</li>`).join('')}</ul>` : '') +
        '</section>',
    )
    .join('');
  const listed =
    r.rows.length > 0 ? table('listed', r.tableCaption, r.rows, r.columns) : `<p class="status">${e(r.none)}</p>`;
  const research = r.research
    ? `<section aria-labelledby="research"><h2 id="research">${e(r.research.heading)}</h2>` +
      table('research-table', r.research.intro, r.research.rows, r.columns) +
      '</section>'
    : '';
  const office = [r.office.office, r.office.contact].filter(Boolean).map((x) => e(x!));
  return (
    `<header><p class="plan">${e(r.plan)}</p><h1>${e(r.title)}</h1>` +
    `<p class="meta">${e(r.memberLine)}</p><p class="meta">${e(r.period)}</p>` +
    `<p class="meta">${e(r.requestedOn)} ${e(r.generatedAt)}</p></header>` +
    `<main id="report"><section aria-labelledby="listed-heading"><h2 id="listed-heading">${e(r.disclosuresHeading)}</h2>` +
    `${listed}</section>${research}${sections}</main>` +
    `<footer><p>${e(r.plan)}${office.length ? ` · ${office.join(' · ')}` : ''}</p></footer>`
  );
}

export function reportHtml(r: MemberReport): string {
  return (
    `<!DOCTYPE html><html lang="${escapeHtml(r.lang)}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<meta name="referrer" content="no-referrer"><title>${escapeHtml(`${r.title} · ${r.plan}`)}</title>` +
    `<style>${REPORT_CSS}</style></head><body>${reportBodyHtml(r)}</body></html>`
  );
}
