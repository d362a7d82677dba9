import { describe, expect, it } from '@jest/globals';
import type { Accounting } from '../engine/engine-types.js';
import { FREQUENCIES } from '../engine/summaries.js';
import { accountingCsv } from './csv.js';
import { escapeHtml, reportHtml } from './html.js';
import { memberReport, noticeOf } from './member-report.js';
import { chooseLanguage, dateInWords, LOCALES } from './report-text.js';

const office = { plan: 'Example Plan', office: 'Privacy Office', contact: '1-800-555-0100' };
const en = LOCALES.en;
const es = LOCALES.es;

const accounting = (entries: Accounting['entries']): Accounting => ({
  memberId: 'M-1',
  requestedOn: '2025-03-10',
  asOf: '2025-03-12T17:00:00.000Z',
  period: { from: '2019-03-10', to: '2025-03-09' },
  entries,
  trace: [],
});
const recipient = { name: 'County Court', address: '1 Court Sq' };
const disclosure = {
  type: 'disclosure' as const,
  date: '2024-08-01',
  dateTo: null,
  recipient,
  description: 'Claims',
  purpose: 'Court order',
  writtenRequestRef: null,
  madeBy: null,
  disclosureIds: ['D-1'],
};

describe('the report a member reads (164.528(b))', () => {
  it('(b)(2)(i): a date in words; a disclosure known only by its period says "between"', () => {
    const [single, period] = memberReport(
      accounting([disclosure, { ...disclosure, dateTo: '2024-08-03' }]),
      office,
      en,
      'America/New_York',
    ).rows;
    expect(single.when).toBe('August 1, 2024');
    expect(period.when).toBe('Between August 1, 2024 and August 3, 2024');
  });

  it('(b)(2)(ii)–(iii): the recipient with its address, and what was disclosed', () => {
    expect(memberReport(accounting([disclosure]), office, en, 'UTC').rows[0]).toMatchObject({
      recipient: 'County Court',
      address: '1 Court Sq',
      what: 'Claims',
    });
  });

  it('(b)(2)(iv): a copy of the written request stands in for the statement of purpose', () => {
    const [row] = memberReport(accounting([{ ...disclosure, writtenRequestRef: 'DOC-7' }]), office, en, 'UTC').rows;
    expect(row.why).toBe('At the written request of the recipient (copy on file, reference DOC-7).');
  });

  it('(b)(1): a disclosure a business associate made says so', () => {
    expect(memberReport(accounting([{ ...disclosure, madeBy: 'PBM Inc.' }]), office, en, 'UTC').rows[0].notes).toEqual([
      'Made by PBM Inc., on behalf of the plan.',
    ]);
  });

  it('(b)(3): a summary gives the first date, the frequency or number, and the last date', () => {
    const summary = {
      ...disclosure,
      type: 'summary' as const,
      date: '2023-01-15',
      count: 24,
      frequency: 'monthly',
      lastDate: '2024-12-15',
    };
    const [row] = memberReport(accounting([summary]), office, en, 'UTC').rows;
    expect(row.when).toBe('January 15, 2023 – December 15, 2024');
    expect(row.notes[0]).toBe(
      '24 disclosures to this recipient for this purpose, monthly, from January 15, 2023 through December 15, 2024.',
    );
    expect(memberReport(accounting([summary]), office, es, 'UTC').rows[0].notes[0]).toBe(
      '24 divulgaciones a este destinatario para este fin, cada mes, desde el 15 de enero de 2023 hasta el 15 de diciembre de 2024.',
    );
  });

  it('(b)(4): a research listing is its own table, with sponsor, researcher and the (F) statement', () => {
    const research = {
      type: 'research' as const,
      protocolId: 'P-1',
      name: 'Study',
      description: 'Outcomes',
      selectionCriteria: 'diabetes claims',
      phiTypes: 'lab results',
      dateFrom: '2023-06-01',
      dateTo: '2023-08-31',
      lastDate: '2023-08-31',
      sponsor: { name: 'NIH', address: 'Bethesda', phone: null },
      researcher: { name: 'Dr. Smith', address: 'State U', phone: '555' },
      statement: 'Your health information may or may not have been disclosed for this research.',
      disclosureIds: ['R-1'],
    };
    const report = memberReport(accounting([research]), office, es, 'UTC');
    expect(report.rows).toEqual([]);
    expect(report.research!.rows[0].notes).toEqual([
      'Divulgación más reciente: 31 de agosto de 2023.',
      'Cómo se seleccionaron los registros: diabetes claims',
      'Patrocinador: NIH, Bethesda',
      'Investigador: Dr. Smith, State U, 555',
      'Su información de salud puede o no haber sido divulgada para esta investigación.',
    ]);
  });

  it('(d)(3): names the plan and the office with its contact; without them, words that still make sense', () => {
    const a = accounting([]);
    expect(noticeOf(memberReport(a, office, en, 'UTC'))).toMatchObject({
      plan: 'Example Plan',
      responsibleOffice: 'Privacy Office',
      officeContact: '1-800-555-0100',
    });
    const bare = memberReport(a, { plan: null, office: null, contact: null }, en, 'UTC');
    expect(bare.plan).toBe('Your health plan');
    expect(bare.sections[2].paragraphs[0]).toBe(
      'If you have questions about this accounting, contact our Privacy Office.',
    );
  });

  it('the period in words, in the plan time zone for the instant it was prepared', () => {
    const r = memberReport(accounting([]), office, en, 'America/New_York');
    expect(r.period).toBe(
      'This accounting lists disclosures of your health information made from March 10, 2019 through March 9, 2025.',
    );
    expect(r.generatedAt).toBe('Prepared March 12, 2025 at 1:00 PM.');
    expect(r.rows).toEqual([]);
    expect(reportHtml(r)).toContain(en.none);
  });

  it('every language says the same things: the same sections, the same not-listed reasons (164.528(a)(1))', () => {
    const shape = (t: typeof en) => t.sections(office).map((s) => [s.paragraphs.length, s.items?.length ?? 0]);
    for (const t of Object.values(LOCALES)) expect(shape(t)).toEqual(shape(en));
    expect(en.sections(office)[1].items).toHaveLength(9);
  });

  it('the Part 2 accounting (42 CFR 2.25) has its own title and says what it lists, in every language alike', () => {
    const r = memberReport({ ...accounting([]), regime: 'part2' }, office, en, 'UTC');
    expect(r.title).toBe(en.part2Title);
    expect(r.sections).toEqual(en.part2Sections(office));
    // it lists consent disclosures, which the 164.528 notice says are not listed
    expect(JSON.stringify(r.sections)).toContain('made with your written consent');
    expect(JSON.stringify(r.sections)).not.toContain('with your written authorization');
    const shape = (t: typeof en) => t.part2Sections(office).map((s) => [s.paragraphs.length, s.items?.length ?? 0]);
    for (const t of Object.values(LOCALES)) expect(shape(t)).toEqual(shape(en));
  });

  it('every language but English words every frequency a summary can have', () => {
    for (const t of Object.values(LOCALES).filter((l) => l.lang !== 'en'))
      expect(FREQUENCIES.map(([, , f]) => [f, typeof t.frequencies[f]])).toEqual(
        FREQUENCIES.map(([, , f]) => [f, 'string']),
      );
  });

  it('text from the ledger is never markup in the page', () => {
    const html = reportHtml(
      memberReport(
        accounting([{ ...disclosure, recipient: { name: '<img src=x onerror=alert(1)>', address: null } }]),
        office,
        en,
        'UTC',
      ),
    );
    expect(html).not.toContain('<img');
    expect(html).toContain(escapeHtml('<img src=x onerror=alert(1)>'));
  });

  it('CSV: RFC 4180 quoting of commas, quotes and line breaks; CRLF between records', () => {
    const csv = accountingCsv(accounting([{ ...disclosure, purpose: 'Order, "sealed"\nsee file' }]));
    expect(csv.split('\r\n')[1]).toContain('"Order, ""sealed""\nsee file"');
  });
});

describe('the language of a report', () => {
  it.each([
    ['es', undefined, 'es'],
    ['en', 'es', 'en'],
    [undefined, 'es-MX,es;q=0.9,en;q=0.8', 'es'],
    [undefined, 'fr-CA, fr;q=0.9, es;q=0.5, en;q=0.4', 'es'],
    [undefined, 'en;q=0.2, es;q=0.8', 'es'],
    [undefined, 'es;q=0, en', 'en'],
    [undefined, 'de', 'en'],
    [undefined, undefined, 'en'],
  ])('lang=%s, Accept-Language: %s → %s', (lang, accept, expected) => {
    expect(chooseLanguage(lang, accept).lang).toBe(expected);
  });

  it('dates are written as the language writes them', () => {
    expect(dateInWords(en, '2024-02-29')).toBe('February 29, 2024');
    expect(dateInWords(es, '2024-02-29')).toBe('29 de febrero de 2024');
  });
});
