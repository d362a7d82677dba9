/**
 * The accounting as a person reads it (164.528(b)): a pure function of the engine's accounting, the plan's office
 * (164.528(d)(3)) and the words of one language. The web page, the PDF and JSON's `notice` are all made from it.
 * Internal ids stay in the JSON and the CSV for the privacy office; they are not what a member reads first.
 */
import type { Accounting, AccountingEntry } from '../engine/engine-types.js';
import { dateInWords, instantInWords, type OfficeContact, type ReportText, type Section } from './report-text.js';

export interface ReportRow {
  type: AccountingEntry['type'];
  /** the date, range or period in words */
  when: string;
  recipient: string;
  address: string | null;
  what: string;
  why: string;
  /** further sentences: who made it, a summary's count, a study's sponsor */
  notes: string[];
}

export interface MemberReport {
  lang: string;
  title: string;
  plan: string;
  office: OfficeContact;
  memberLine: string;
  period: string;
  requestedOn: string;
  generatedAt: string;
  sections: Section[];
  disclosuresHeading: string;
  tableCaption: string;
  columns: ReportText['columns'];
  none: string;
  rows: ReportRow[];
  research: { heading: string; intro: string; rows: ReportRow[] } | null;
}

const party = (p: { name: string; address: string; phone: string | null }) =>
  [p.name, p.address, p.phone].filter(Boolean).join(', ');

function rowOf(e: AccountingEntry, t: ReportText): ReportRow {
  const d = (date: string) => dateInWords(t, date);
  if (e.type === 'research') {
    return {
      type: 'research',
      when: t.research.period(d(e.dateFrom), d(e.dateTo)),
      recipient: e.researcher.name,
      address: e.researcher.address,
      what: e.phiTypes,
      why: `${e.name}. ${e.description}`,
      notes: [
        t.research.lastDate(d(e.lastDate)),
        `${t.research.criteria}: ${e.selectionCriteria}`,
        `${t.research.sponsor}: ${party(e.sponsor)}`,
        `${t.research.researcher}: ${party(e.researcher)}`,
        t.research.statement, // 164.528(b)(4)(i)(F)
      ],
    };
  }
  const why = e.writtenRequestRef ? t.writtenRequest(e.writtenRequestRef) : e.purpose; // (b)(2)(iv)
  const notes = e.madeBy ? [t.madeBy(e.madeBy)] : [];
  if (e.type === 'summary') {
    return {
      type: 'summary',
      when: `${d(e.date)} – ${d(e.lastDate)}`,
      recipient: e.recipient.name,
      address: e.recipient.address,
      what: e.description,
      why,
      notes: [
        t.summary(e.count, e.frequency && (t.frequencies[e.frequency] ?? e.frequency), d(e.date), d(e.lastDate)),
        ...notes,
      ],
    };
  }
  return {
    type: 'disclosure',
    when: e.dateTo ? t.between(d(e.date), d(e.dateTo)) : d(e.date),
    recipient: e.recipient.name,
    address: e.recipient.address,
    what: e.description,
    why,
    notes,
  };
}

export function memberReport(a: Accounting, office: OfficeContact, t: ReportText, timeZone: string): MemberReport {
  const listed = a.entries.filter((e) => e.type !== 'research').map((e) => rowOf(e, t));
  const research = a.entries.filter((e) => e.type === 'research').map((e) => rowOf(e, t));
  return {
    lang: t.lang,
    title: a.regime === 'part2' ? t.part2Title : t.title,
    plan: office.plan ?? t.yourPlan,
    office,
    memberLine: t.memberLine(a.memberId),
    period: t.period(dateInWords(t, a.period.from), dateInWords(t, a.period.to)),
    requestedOn: t.requestedOn(dateInWords(t, a.requestedOn)),
    generatedAt: t.generatedAt(instantInWords(t, a.asOf, timeZone)),
    sections: a.regime === 'part2' ? t.part2Sections(office) : t.sections(office),
    disclosuresHeading: t.disclosuresHeading,
    tableCaption: t.tableCaption(listed.length),
    columns: t.columns,
    none: t.none,
    rows: listed,
    research: research.length > 0 ? { heading: t.research.heading, intro: t.research.intro, rows: research } : null,
  };
}

/** What every JSON accounting carries besides its entries: the plan, the office and the notice in words. */
export function noticeOf(r: MemberReport) {
  return {
    plan: r.office.plan,
    responsibleOffice: r.office.office,
    officeContact: r.office.contact,
    notice: { lang: r.lang, title: r.title, period: r.period, sections: r.sections },
  };
}
