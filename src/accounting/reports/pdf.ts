/**
 * format=pdf: the same report as the web page, on US Letter pages with a running header (plan, title, member) and
 * "page n of N" on every page. Made with pdfkit (MIT, maintained since 2011, pure JavaScript, no browser, no font
 * files: its standard Helvetica covers the Latin-1 letters of our English and Spanish texts). Pages are kept until
 * the end so each can say "of N". docs/reports.md has the measurements behind the choice.
 */
import PDFDocument from 'pdfkit';
import type { MemberReport, ReportRow } from './member-report.js';
import type { ReportText } from './report-text.js';

const MARGIN = 54;
const TOP = 78; // room for the running header
const BOTTOM = 60; // room for the page number
const COLUMNS = [110, 128, 120, 146]; // date, recipient, what, why: 504 pt = Letter's width less the margins
const GAP = 6;
const TEXT = '#1b1b1b';
const MUTED = '#3d3d3d';
const ACCENT = '#1a4480';

type Doc = PDFKit.PDFDocument;

function cells(r: ReportRow): string[] {
  return [r.when, r.address ? `${r.recipient}\n${r.address}` : r.recipient, r.what, [r.why, ...r.notes].join('\n')];
}

function rowHeight(doc: Doc, texts: string[], bold = false): number {
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9.5);
  return Math.max(...texts.map((t, i) => doc.heightOfString(t, { width: COLUMNS[i] - GAP }))) + GAP;
}

function drawRow(doc: Doc, texts: string[], bold: boolean, height = rowHeight(doc, texts, bold)): void {
  const y = doc.y;
  let x = MARGIN;
  texts.forEach((t, i) => {
    doc.fillColor(TEXT).text(t, x, y + GAP / 2, { width: COLUMNS[i] - GAP });
    x += COLUMNS[i];
  });
  const line = y + height;
  doc
    .moveTo(MARGIN, line)
    .lineTo(MARGIN + COLUMNS.reduce((a, b) => a + b), line)
    .lineWidth(bold ? 1.5 : 0.5)
    .strokeColor(bold ? ACCENT : '#8a8a8a')
    .stroke();
  doc.x = MARGIN;
  doc.y = line + 2;
}

/** Rows laid out between two yields to the event loop: a long PDF must not hold up the service's other requests. */
const ROWS_PER_SLICE = 50;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function drawTable(doc: Doc, caption: string, rows: ReportRow[], r: MemberReport): Promise<void> {
  const header = [r.columns.date, r.columns.recipient, r.columns.what, r.columns.why];
  const bottom = () => doc.page.height - BOTTOM;
  doc.font('Helvetica-Bold').fontSize(12).fillColor(TEXT).text(caption, MARGIN, doc.y, { width: 504 });
  doc.moveDown(0.3);
  drawRow(doc, header, true);
  for (const [i, row] of rows.entries()) {
    if (i % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await yieldToLoop();
    const texts = cells(row);
    const height = rowHeight(doc, texts);
    if (doc.y + height > bottom()) {
      doc.addPage();
      drawRow(doc, header, true); // the column headers again on every page
    }
    drawRow(doc, texts, false, height);
  }
  doc.moveDown(0.8);
}

function paragraph(doc: Doc, text: string, size = 10, color = TEXT, font = 'Helvetica'): void {
  doc.font(font).fontSize(size).fillColor(color).text(text, MARGIN, doc.y, { width: 504 });
  doc.moveDown(0.4);
}

/** Renders the report; `createdAt` (the accounting's asOf) dates the file, so one accounting gives one document. */
export async function reportPdf(r: MemberReport, t: ReportText, createdAt: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: TOP, bottom: BOTTOM, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: r.lang,
    displayTitle: true,
    pdfVersion: '1.7',
    info: { Title: r.title, Author: r.plan, Subject: r.memberLine, CreationDate: new Date(createdAt) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  paragraph(doc, r.plan, 11, ACCENT, 'Helvetica-Bold');
  paragraph(doc, r.title, 17, TEXT, 'Helvetica-Bold');
  for (const line of [r.memberLine, r.period, `${r.requestedOn} ${r.generatedAt}`]) paragraph(doc, line, 10, MUTED);
  doc.moveDown(0.5);
  paragraph(doc, r.disclosuresHeading, 13, TEXT, 'Helvetica-Bold');
  if (r.rows.length > 0) await drawTable(doc, r.tableCaption, r.rows, r);
  else paragraph(doc, r.none, 11);
  if (r.research) {
    paragraph(doc, r.research.heading, 13, TEXT, 'Helvetica-Bold');
    await drawTable(doc, r.research.intro, r.research.rows, r);
  }
  for (const s of r.sections) {
    paragraph(doc, s.heading, 13, TEXT, 'Helvetica-Bold');
    for (const p of s.paragraphs) paragraph(doc, p);
    for (const item of s.items ?? []) paragraph(doc, `•  ${item}`);
  }

  // running header and page numbers, written once the page count is known
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const { margins } = doc.page;
    const saved = { ...margins };
    doc.page.margins = { top: 0, bottom: 0, left: MARGIN, right: MARGIN }; // writing in the margins adds no page
    doc
      .font('Helvetica')
      .fontSize(8.5)
      .fillColor(MUTED)
      .text(`${r.plan} · ${r.title} · ${r.memberLine}`, MARGIN, 30, { width: 504, lineBreak: false, ellipsis: true });
    doc
      .moveTo(MARGIN, 46)
      .lineTo(MARGIN + 504, 46)
      .lineWidth(0.5)
      .strokeColor(ACCENT)
      .stroke();
    doc.text(t.page(i + 1, count), MARGIN, doc.page.height - 40, { width: 504, align: 'right', lineBreak: false });
    doc.page.margins = saved;
  }
  doc.end();
  return done;
}
