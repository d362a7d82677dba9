/**
 * The access report as the member reads it: a self-contained, accessible web page (the accounting's stylesheet and
 * security headers: no script, nothing fetched) or CSV (RFC 4180), in the report's language (ReportText.accessReport).
 * JSON is the entries as they are.
 */
import { stringify } from 'csv-stringify/sync';
import { escapeHtml, REPORT_CSS } from '../accounting/reports/html.js';
import { dateInWords, instantInWords, type ReportText } from '../accounting/reports/report-text.js';
import type { AccessReportEntry } from './access-report.js';

export interface AccessReport {
  memberId: string;
  period: { from: string; to: string };
  /** the audience the actors were shown for: `office` (names and ids), or the plan's member policy */
  actorsShown: 'office' | 'names' | 'roles';
  entries: AccessReportEntry[];
  nextCursor: string | null;
}

export const CSV_COLUMNS = [
  'at',
  'kind',
  'actorName',
  'actorRole',
  'actorId',
  'recipientName',
  'recipientAddress',
  'action',
  'description',
  'purposeOfUse',
  'purpose',
  'position',
] as const;

export function accessReportCsv(r: AccessReport): string {
  return stringify(
    r.entries.map((e) => ({
      at: e.at,
      kind: e.kind,
      actorName: e.actor?.name ?? '',
      actorRole: e.actor?.role ?? '',
      actorId: e.actor?.id ?? '',
      recipientName: e.recipient?.name ?? '',
      recipientAddress: e.recipient?.address ?? '',
      action: e.action,
      description: e.description,
      purposeOfUse: e.purposeOfUse ?? '',
      purpose: e.purpose ?? '',
      position: e.position,
    })),
    { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows' },
  );
}

function when(e: AccessReportEntry, t: ReportText, timeZone: string): string {
  return e.at.length === 10 ? dateInWords(t, e.at) : instantInWords(t, e.at, timeZone);
}

function who(e: AccessReportEntry): string {
  if (e.recipient) return [e.recipient.name, e.recipient.address].filter(Boolean).join(', ');
  if (!e.actor) return '';
  return e.actor.name ? `${e.actor.name} (${e.actor.role})` : e.actor.role;
}

export function accessReportHtml(r: AccessReport, t: ReportText, timeZone: string, plan: string): string {
  const e = escapeHtml;
  const a = t.accessReport;
  const c = a.columns;
  const rows = r.entries
    .map(
      (x) =>
        `<tr class="${x.kind}"><td data-label="${e(c.when)}">${e(when(x, t, timeZone))}</td>` +
        `<td data-label="${e(c.who)}">${e(who(x))}</td>` +
        `<td data-label="${e(c.action)}">${e(a.actions[x.action] ?? x.action)}<span class="address">${e(a.kinds[x.kind])}</span></td>` +
        `<td data-label="${e(c.what)}">${e(x.description)}</td>` +
        `<td data-label="${e(c.why)}">${e(x.purpose ?? x.purposeOfUse ?? '')}</td></tr>`,
    )
    .join('');
  const table =
    r.entries.length === 0
      ? `<p class="status">${e(a.none)}</p>`
      : `<table aria-describedby="access-listed"><caption id="access-listed">${e(a.caption(r.entries.length))}</caption><thead><tr>` +
        [c.when, c.who, c.action, c.what, c.why].map((h) => `<th scope="col">${e(h)}</th>`).join('') +
        `</tr></thead><tbody>${rows}</tbody></table>`;
  const period = a.period(dateInWords(t, r.period.from), dateInWords(t, r.period.to));
  return (
    `<!DOCTYPE html><html lang="${e(t.lang)}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<meta name="referrer" content="no-referrer"><title>${e(`${a.title} · ${plan}`)}</title>` +
    `<style>${REPORT_CSS}</style></head><body>` +
    `<header><p class="plan">${e(plan)}</p><h1>${e(a.title)}</h1>` +
    `<p class="meta">${e(t.memberLine(r.memberId))}</p><p class="meta">${e(period)}</p></header>` +
    `<main id="access-report"><p>${e(a.intro)}</p>${table}` +
    (r.nextCursor ? `<p class="status">${e(a.more)}</p>` : '') +
    `</main></body></html>`
  );
}
