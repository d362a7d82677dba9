/**
 * The words of a member's accounting, one object per language (locales/). A plan adds a language by adding a file
 * that implements ReportText and registering it in LOCALES: the compiler then refuses a translation with a missing
 * sentence. Every format (JSON's `notice`, the web page, the PDF) takes its words from here, so they cannot disagree.
 */
import { byQuality } from '../../http/negotiation.js';
import { en } from './locales/en.js';
import { es } from './locales/es.js';

export interface OfficeContact {
  /** LEDGER_PLAN_NAME */
  plan: string | null;
  /** LEDGER_RESPONSIBLE_OFFICE: 164.528(d)(3), the office responsible for receiving and processing requests */
  office: string | null;
  /** LEDGER_OFFICE_CONTACT: how to reach it (address, telephone, e-mail) */
  contact: string | null;
}

export interface Section {
  heading: string;
  paragraphs: string[];
  items?: string[];
}

export interface ReportText {
  /** BCP 47 tag, also used to format dates */
  lang: string;
  languageName: string;
  title: string;
  /** the 42 CFR 2.25 accounting (regime=part2): its title, and what it is and lists (in place of `sections`) */
  part2Title: string;
  part2Sections: (office: OfficeContact) => Section[];
  yourPlan: string;
  memberLine: (memberId: string) => string;
  /** the period in words: 164.528(a)(1) six years, or the shorter period asked (a)(3) */
  period: (from: string, to: string) => string;
  requestedOn: (date: string) => string;
  generatedAt: (instant: string) => string;
  sections: (office: OfficeContact) => Section[];
  disclosuresHeading: string;
  tableCaption: (count: number) => string;
  columns: { date: string; recipient: string; what: string; why: string };
  none: string;
  /** a disclosure known only by its period (OCR FAQ 466) */
  between: (from: string, to: string) => string;
  /** 164.528(b)(2)(iv): a copy of the written request instead of a statement of purpose */
  writtenRequest: (ref: string) => string;
  madeBy: (who: string) => string;
  /** 164.528(b)(3): repeated disclosures to one recipient for one purpose */
  summary: (count: number, frequency: string | null, first: string, last: string) => string;
  /** the engine's frequencies (accounting/engine/summaries.ts), in words; one it does not know is shown as given */
  frequencies: Record<string, string>;
  /** 164.528(b)(4): research involving 50 or more individuals */
  research: {
    heading: string;
    intro: string;
    period: (from: string, to: string) => string;
    lastDate: (date: string) => string;
    criteria: string;
    phiTypes: string;
    sponsor: string;
    researcher: string;
    statement: string;
  };
  /** the access report (access-report/): every use, disclosure and read of the member's records */
  accessReport: {
    title: string;
    period: (from: string, to: string) => string;
    intro: string;
    caption: (count: number) => string;
    columns: { when: string; who: string; action: string; what: string; why: string };
    none: string;
    more: string;
    actions: Record<string, string>;
    kinds: { disclosure: string; read: string; use: string };
  };
  page: (n: number, of: number) => string;
  printButton: string;
  pdfButton: string;
  /** on the member's page: show the access report (access-report/) below the accounting */
  accessButton: string;
  loading: string;
  signedOut: string;
}

export const LOCALES: Record<string, ReportText> = { en, es };
export const LANGUAGES = Object.keys(LOCALES);

/**
 * The language of a report: `lang=` when given (validated against LANGUAGES), else the first language of
 * Accept-Language (RFC 9110 §12.5.4, by quality) that we have, else English.
 */
export function chooseLanguage(lang: string | undefined, acceptLanguage: string | undefined): ReportText {
  if (lang && LOCALES[lang]) return LOCALES[lang];
  for (const tag of byQuality(acceptLanguage)) {
    const base = tag.split('-')[0];
    if (LOCALES[base]) return LOCALES[base];
  }
  return en;
}

/** One formatter per language (building an Intl.DateTimeFormat costs far more than formatting with it). */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const instantFormats = new Map<string, Intl.DateTimeFormat>();

/** A calendar date (YYYY-MM-DD) in words, in the report's language: "March 10, 2025", "10 de marzo de 2025". */
export function dateInWords(text: ReportText, date: string): string {
  let format = dateFormats.get(text.lang);
  if (!format) {
    format = new Intl.DateTimeFormat(text.lang, { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(text.lang, format);
  }
  return format.format(new Date(`${date}T00:00:00Z`));
}

/**
 * An instant in words, in the plan's time zone, with one formatter per language and zone (building one with a time
 * zone takes ~160 µs, formatting with it ~2 µs: it was a tenth of an accounting request's event-loop time, profiled).
 */
export function instantInWords(text: ReportText, instant: string, timeZone: string): string {
  const key = `${text.lang} ${timeZone}`;
  let format = instantFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(text.lang, { dateStyle: 'long', timeStyle: 'short', timeZone });
    instantFormats.set(key, format);
  }
  return format.format(new Date(instant));
}
