/**
 * Renders an accounting in the format asked: the one place that joins the engine's output, the plan's office
 * (configuration) and a language's words. Every renderer it calls is a pure function of those.
 */
import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type LedgerConfig } from '../../config/config.js';
import type { Accounting, DisclosureRow } from '../engine/engine-types.js';
import { accountingCsv } from './csv.js';
import { accountingBundle } from './fhir.js';
import { MEDIA_TYPES, type ReportFormat } from './formats.js';
import { htmlSecurityHeaders, reportHtml } from './html.js';
import { memberReport, noticeOf, type MemberReport } from './member-report.js';
import { reportPdf } from './pdf.js';
import type { OfficeContact, ReportText } from './report-text.js';

export interface RenderedReport {
  format: ReportFormat;
  mediaType: string;
  /** JSON as an object (Nest serialises it; a fulfilment adds the request id); the others as the exact text or bytes */
  body: Record<string, unknown> | string | Buffer;
  headers: Record<string, string>;
  /** the accounting's entries (what the access log counts) */
  entries: number;
}

export interface RenderOptions {
  text: ReportText;
  /** the office's trace (includeTrace): the JSON and FHIR exports carry what was left out and why */
  trace: boolean;
}

@Injectable()
export class ReportRenderer {
  readonly office: OfficeContact;
  private readonly timeZone: string;

  constructor(@Inject(CONFIG) config: LedgerConfig) {
    this.office = {
      plan: config.LEDGER_PLAN_NAME ?? null,
      office: config.LEDGER_RESPONSIBLE_OFFICE ?? null,
      contact: config.LEDGER_OFFICE_CONTACT ?? null,
    };
    this.timeZone = config.LEDGER_TIMEZONE;
  }

  async render(
    format: ReportFormat,
    accounting: Accounting,
    rows: Map<string, DisclosureRow>,
    o: RenderOptions,
  ): Promise<RenderedReport> {
    const report = memberReport(accounting, this.office, o.text, this.timeZone);
    return { ...(await this.body(format, report, accounting, rows, o)), entries: accounting.entries.length };
  }

  private async body(
    format: ReportFormat,
    report: MemberReport,
    accounting: Accounting,
    rows: Map<string, DisclosureRow>,
    o: RenderOptions,
  ): Promise<Omit<RenderedReport, 'entries'>> {
    const mediaType = MEDIA_TYPES[format];
    const { trace, ...forMember } = accounting;
    switch (format) {
      case 'json':
        return {
          format,
          mediaType,
          headers: {},
          body: { ...forMember, ...noticeOf(report), ...(o.trace ? { trace } : {}) },
        };
      case 'html':
        return {
          format,
          mediaType: `${mediaType}; charset=utf-8`,
          headers: htmlSecurityHeaders,
          body: reportHtml(report),
        };
      case 'csv':
        return {
          format,
          mediaType: `${mediaType}; charset=utf-8; header=present`,
          headers: {},
          body: accountingCsv(accounting),
        };
      case 'pdf':
        return { format, mediaType, headers: {}, body: await reportPdf(report, o.text, accounting.asOf) };
      case 'fhir':
        return {
          format,
          mediaType,
          headers: {},
          body: JSON.stringify(accountingBundle(accounting, rows, report.plan, o.trace)),
        };
    }
  }
}
