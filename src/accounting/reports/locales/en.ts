/** English. The sentences a member reads; each not-listed reason cites the 164.528(a)(1) paragraph it plain-words. */
import type { OfficeContact, ReportText, Section } from '../report-text.js';

const officeName = (o: OfficeContact) => o.office ?? 'our Privacy Office';

/** Where to ask about `what` (the accounting, or the Part 2 list) and how to complain. */
const questions = (o: OfficeContact, what: string): Section => ({
  heading: 'Questions or complaints',
  paragraphs: [
    `If you have questions about ${what}, contact ${officeName(o)}${o.contact ? `: ${o.contact}` : '.'}`,
    `If you believe your privacy rights were violated, you may complain to ${officeName(o)} or to the U.S. ` +
      'Department of Health and Human Services, Office for Civil Rights (www.hhs.gov/ocr/complaints). You will ' +
      'not be penalized for filing a complaint.',
  ],
});

export const en: ReportText = {
  lang: 'en',
  languageName: 'English',
  title: 'Accounting of disclosures of your health information',
  part2Title: 'Accounting of disclosures of your substance use disorder treatment records (42 CFR 2.25)',
  part2Sections: (o) => [
    {
      heading: 'What this is',
      paragraphs: [
        'Federal law (42 CFR 2.25) gives you the right to a list of the disclosures of your substance use disorder ' +
          'treatment records made in the three years before your request. Each entry below says when they were ' +
          'shared, who received them, what was shared and why.',
      ],
    },
    {
      heading: 'What is listed',
      paragraphs: ['This list includes disclosures of these records:'],
      items: [
        'made with your written consent;',
        'for treatment, payment or health care operations made through an electronic health record;',
        'made without a permission the law recognizes (each is also reviewed as a possible breach).',
      ],
    },
    questions(o, 'this list'),
  ],
  yourPlan: 'Your health plan',
  memberLine: (memberId) => `Member ID: ${memberId}`,
  period: (from, to) => `This accounting lists disclosures of your health information made from ${from} through ${to}.`,
  requestedOn: (date) => `Requested on ${date}.`,
  generatedAt: (instant) => `Prepared ${instant}.`,
  sections: (o) => [
    {
      heading: 'What this is',
      paragraphs: [
        'Federal law (45 CFR 164.528) gives you the right to a list of certain times your health plan, or a business ' +
          'associate working for it, shared your health information with someone else. Each entry below says when it ' +
          'was shared, who received it, what was shared and why.',
        'Your first accounting in any 12-month period is free. We may charge a reasonable fee for another one in the ' +
          'same 12 months; we will tell you the fee first, and you may change or withdraw your request.',
      ],
    },
    {
      heading: 'What is not listed, and why',
      paragraphs: ['The law does not require us to list disclosures made:'],
      items: [
        'to carry out treatment, payment or health care operations, such as paying claims;',
        'to you, or about you to yourself;',
        'as an unavoidable side effect of a use or disclosure that was allowed;',
        'with your written authorization;',
        'for a facility directory, or to family members or friends involved in your care;',
        'for national security or intelligence purposes;',
        'to a correctional institution or law enforcement officials who had you in custody;',
        'as part of a limited data set, which leaves out names, addresses and other direct identifiers;',
        'before April 14, 2003, or more than six years before your request.',
      ],
    },
    questions(o, 'this accounting'),
  ],
  disclosuresHeading: 'Disclosures',
  tableCaption: (count) => (count === 1 ? '1 listed disclosure' : `${count} listed disclosures`),
  columns: { date: 'Date', recipient: 'Who received it', what: 'What was shared', why: 'Why' },
  none: 'No disclosures that the law requires us to list were made in this period.',
  between: (from, to) => `Between ${from} and ${to}`,
  writtenRequest: (ref) => `At the written request of the recipient (copy on file, reference ${ref}).`,
  madeBy: (who) => `Made by ${who}, on behalf of the plan.`,
  summary: (count, frequency, first, last) =>
    `${count} disclosures to this recipient for this purpose${frequency ? `, ${frequency}` : ''}, from ${first} ` +
    `through ${last}.`,
  frequencies: {},
  research: {
    heading: 'Research',
    intro:
      'Your health information may have been disclosed for the following research studies, each involving 50 or ' +
      'more people.',
    period: (from, to) => `Disclosures for this study were made from ${from} through ${to}.`,
    lastDate: (date) => `Most recent disclosure: ${date}.`,
    criteria: 'How records were selected',
    phiTypes: 'Types of information',
    sponsor: 'Sponsor',
    researcher: 'Researcher',
    statement: 'Your health information may or may not have been disclosed for this research.',
  },
  accessReport: {
    title: 'Who has used or received your health information',
    period: (from, to) => `This report covers ${from} through ${to}.`,
    intro:
      'Each row is one time someone in your health plan used your health information, the plan shared it with ' +
      'someone else, or someone looked at your records in this system. It lists every use and disclosure we ' +
      'recorded, including those for treatment, payment and health care operations.',
    caption: (count) => (count === 1 ? '1 entry' : `${count} entries`),
    columns: { when: 'When', who: 'Who', action: 'What they did', what: 'Information', why: 'Why' },
    none: 'We recorded no use or disclosure of your health information in this period.',
    more: 'More entries follow; ask for the next page.',
    actions: {
      view: 'Viewed',
      print: 'Printed',
      modify: 'Changed',
      export: 'Exported',
      query: 'Searched',
      disclose: 'Shared with',
      read: 'Read in this system',
    },
    kinds: { disclosure: 'Disclosure', read: 'Read of your records', use: 'Use inside the plan' },
  },
  page: (n, of) => `Page ${n} of ${of}`,
  printButton: 'Print',
  pdfButton: 'Download PDF',
  accessButton: 'Who has used or received my information',
  loading: 'Loading your accounting…',
  signedOut: 'Please sign in through your health plan’s member portal to see your accounting.',
};
