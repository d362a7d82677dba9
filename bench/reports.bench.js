#!/usr/bin/env node
/**
 * Member reports benchmark (issue 12): one member with BENCH_REPORT_ENTRIES (default 5,000) listed disclosures
 * (distinct recipients, so 5,000 entries) on the built service, through its HTTP API with a member's token:
 *   1. the PDF library: the same 5,000-entry report rendered by ours (pdfkit, laid out by us) and by pdfmake (its own
 *      table layout, on pdfkit), each in a fresh process: time, size, peak RSS (pdf-lib is not measured: it has
 *      no text wrapping or table layout, which we would then write ourselves)
 *   2. per store (embedded SQLite, then PostgreSQL at DATABASE_URL): GET the accounting in json, html, csv, fhir and
 *      pdf, BENCH_REPORT_REPEATS times each (default 30) one after another (C=1): p50 / p99 and the size; the
 *      server's peak RSS (VmHWM) before the PDFs and after them
 * Results: bench/results/reports-latest.json and the table in docs/benchmarks.md (BENCH_NO_DOCS=1 to leave it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import {
  DATABASE_URL,
  fmtInt,
  fmtMs,
  line,
  openBenchDatabase,
  quantile,
  runToExit,
  startService,
  writeDocsSection,
} from './lib.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const N = Number(process.env.BENCH_REPORT_ENTRIES ?? 5000);
const REPEATS = Number(process.env.BENCH_REPORT_REPEATS ?? 30);
const FORMATS = ['json', 'html', 'csv', 'fhir', 'pdf'];
const MEMBER = 'M-BENCH-REPORT';
const INTRO =
  'A member with 5,000 listed disclosures: the accounting in each format over HTTP (C=1, a member’s token) on the embedded store and on PostgreSQL, the service’s peak RSS around the PDFs, and the PDF library chosen (pdfkit, laid out by us) beside pdfmake rendering the same report. Regenerate with `npm run bench:reports` (`BENCH_REPORT_ENTRIES`, `BENCH_REPORT_REPEATS`).';

const peakRssMb = (pid) =>
  Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/** The synthetic accounting both PDF libraries render: N single disclosures to distinct recipients. */
function syntheticAccounting() {
  const day = (i) => new Date(Date.UTC(2021, 0, 1) + i * 8 * 3600_000).toISOString().slice(0, 10);
  return {
    memberId: MEMBER,
    requestedOn: '2026-12-01',
    asOf: '2026-12-01T17:00:00.000Z',
    period: { from: '2020-12-01', to: '2026-11-30' },
    entries: Array.from({ length: N }, (_, i) => ({
      type: 'disclosure',
      date: day(i),
      dateTo: null,
      recipient: { name: `County Health Department ${i}`, address: `${i} Main Street, Springfield` },
      description: 'Immunization history and laboratory results',
      purpose: 'Public health reporting required by state law',
      writtenRequestRef: null,
      madeBy: i % 10 === 0 ? 'PBM Inc.' : null,
      disclosureIds: [`D-${i}`],
    })),
    trace: [],
  };
}

/** Child phase: render the synthetic report with one library; print { ms, bytes, peakRssMb } as JSON. */
async function renderWith(library) {
  const { memberReport } = await import(join(ROOT, 'dist/accounting/reports/member-report.js'));
  const { LOCALES } = await import(join(ROOT, 'dist/accounting/reports/report-text.js'));
  const office = { plan: 'Example Health Plan', office: 'Privacy Office', contact: '1-800-555-0100' };
  const report = memberReport(syntheticAccounting(), office, LOCALES.en, 'America/New_York');
  const start = performance.now();
  let pdf;
  if (library === 'pdfkit') {
    const { reportPdf } = await import(join(ROOT, 'dist/accounting/reports/pdf.js'));
    pdf = await reportPdf(report, LOCALES.en, '2026-12-01T17:00:00Z');
  } else {
    const pdfmake = createRequire(import.meta.url)('pdfmake');
    pdfmake.setFonts({
      Helvetica: {
        normal: 'Helvetica',
        bold: 'Helvetica-Bold',
        italics: 'Helvetica-Oblique',
        bolditalics: 'Helvetica-BoldOblique',
      },
    });
    pdfmake.setUrlAccessPolicy(() => false);
    const cell = (t) => ({ text: t, fontSize: 9.5 });
    const doc = pdfmake.createPdf({
      pageSize: 'LETTER',
      pageMargins: [54, 78, 54, 60],
      defaultStyle: { font: 'Helvetica' },
      header: () => ({
        text: `${report.plan} · ${report.title} · ${report.memberLine}`,
        margin: [54, 30, 54, 0],
        fontSize: 8.5,
      }),
      footer: (page, pages) => ({
        text: LOCALES.en.page(page, pages),
        alignment: 'right',
        margin: [54, 20, 54, 0],
        fontSize: 8.5,
      }),
      content: [
        { text: report.title, fontSize: 17, bold: true },
        { text: report.period, margin: [0, 4, 0, 8] },
        {
          table: {
            headerRows: 1,
            widths: [110, 128, 120, '*'],
            body: [
              Object.values(report.columns).map((c) => ({ text: c, bold: true, fontSize: 9.5 })),
              ...report.rows.map((r) => [
                cell(r.when),
                cell(r.address ? `${r.recipient}\n${r.address}` : r.recipient),
                cell(r.what),
                cell([r.why, ...r.notes].join('\n')),
              ]),
            ],
          },
          layout: 'lightHorizontalLines',
        },
        ...report.sections.flatMap((s) => [
          { text: s.heading, bold: true, fontSize: 13 },
          ...s.paragraphs,
          { ul: s.items ?? [] },
        ]),
      ],
    });
    pdf = await doc.getBuffer();
  }
  const ms = performance.now() - start;
  const pages = Number(
    execFileSync('pdfinfo', ['-'], { input: pdf })
      .toString()
      .match(/Pages:\s+(\d+)/)?.[1] ?? NaN,
  );
  process.stdout.write(JSON.stringify({ library, ms, bytes: pdf.length, pages, peakRssMb: peakRssMb(process.pid) }));
}

function runChild(library) {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--render', library], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.toString());
}

async function measureStore(name, env, dir) {
  const { issueLocalToken } = await import(join(ROOT, 'dist/auth/token-verifier.js'));
  const { child, base, stop } = await startService(ROOT, {
    ...env,
    LEDGER_DATA_DIR: dir,
    LEDGER_PLAN_NAME: 'Example Health Plan',
  });
  try {
    const recorder = await issueLocalToken(dir, { subject: 'bench', roles: ['recorder'] });
    const member = await issueLocalToken(dir, { subject: MEMBER, roles: ['member'] });
    const entries = syntheticAccounting().entries;
    let position = 0;
    for (let i = 0; i < N; i += 1000) {
      const items = entries.slice(i, i + 1000).map((e) => ({
        disclosureId: e.disclosureIds[0],
        memberId: MEMBER,
        occurredAt: `${e.date}T15:00:00Z`,
        recipient: { ...e.recipient, id: null },
        channel: 'government',
        madeBy: e.madeBy,
        phiDescription: e.description,
        purpose: e.purpose,
        legalBasis: { cfr: '164.512(b)(1)(i)', permitted: true },
      }));
      const res = await fetch(`${base}/v1/disclosure-batches`, {
        method: 'POST',
        headers: { authorization: `Bearer ${recorder}`, 'content-type': 'application/json' },
        body: JSON.stringify({ items }),
      });
      const body = await res.json();
      if (res.status !== 200 || body.results.some((r) => r.status !== 'created'))
        throw new Error(`recording failed: ${JSON.stringify(body).slice(0, 300)}`);
      position = Math.max(position, ...body.results.map((r) => r.position));
    }
    line(`${name}: ${fmtInt(N)} disclosures recorded`);
    const get = async (format) => {
      const t = performance.now();
      const res = await fetch(`${base}/v1/members/${MEMBER}/accounting?format=${format}&minPosition=${position}`, {
        headers: { authorization: `Bearer ${member}` },
      });
      const bytes = (await res.arrayBuffer()).byteLength;
      if (res.status !== 200) throw new Error(`${format}: ${res.status}`);
      return { ms: performance.now() - t, bytes };
    };
    const results = {};
    for (const format of FORMATS) {
      if (format === 'pdf') results.rssBeforePdfMb = peakRssMb(child.pid);
      for (let i = 0; i < 3; i++) await get(format); // warm-up
      const times = [];
      let bytes = 0;
      for (let i = 0; i < REPEATS; i++) {
        const r = await get(format);
        times.push(r.ms);
        bytes = r.bytes;
      }
      results[format] = { p50Ms: quantile(times, 0.5), p99Ms: quantile(times, 0.99), bytes };
      line(
        `${name} ${format}: p50 ${fmtMs(results[format].p50Ms)} ms, p99 ${fmtMs(results[format].p99Ms)} ms, ${fmtInt(bytes)} bytes`,
      );
    }
    results.rssAfterPdfMb = peakRssMb(child.pid);
    return results;
  } finally {
    await stop();
  }
}

async function main() {
  if (process.argv[2] === '--render') return renderWith(process.argv[3]);
  line('PDF library: pdfkit (ours) and pdfmake, each in a fresh process…');
  const libraries = ['pdfkit', 'pdfmake'].map(runChild);
  for (const l of libraries)
    line(
      `${l.library}: ${fmtMs(l.ms)} ms, ${l.pages} pages, ${fmtInt(l.bytes)} bytes, peak RSS ${fmtInt(l.peakRssMb)} MB`,
    );

  const stores = {};
  const sqliteDir = mkdtempSync(join(tmpdir(), 'phi-ledger-bench-reports-'));
  try {
    stores.sqlite = await measureStore('SQLite', { LEDGER_STORE: 'sqlite', DATABASE_URL: '' }, sqliteDir);
  } finally {
    rmSync(sqliteDir, { recursive: true, force: true });
  }
  const { bench } = await openBenchDatabase([]);
  await bench.query('DROP SCHEMA IF EXISTS bench_reports CASCADE');
  const pgDir = mkdtempSync(join(tmpdir(), 'phi-ledger-bench-reports-pg-'));
  try {
    stores.postgres = await measureStore(
      'PostgreSQL',
      { LEDGER_STORE: 'postgres', DATABASE_URL, LEDGER_PG_SCHEMA: 'bench_reports' },
      pgDir,
    );
  } finally {
    await bench.query('DROP SCHEMA IF EXISTS bench_reports CASCADE');
    await bench.end();
    rmSync(pgDir, { recursive: true, force: true });
  }

  const result = {
    benchmark: 'reports',
    finishedAt: new Date().toISOString(),
    node: process.version,
    entries: N,
    repeats: REPEATS,
    libraries,
    stores,
  };
  writeFileSync(join(HERE, 'results', 'reports-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  const rows = FORMATS.map(
    (f) =>
      `| ${f} | ${fmtMs(stores.sqlite[f].p50Ms)} / ${fmtMs(stores.sqlite[f].p99Ms)} | ${fmtMs(stores.postgres[f].p50Ms)} / ${fmtMs(stores.postgres[f].p99Ms)} | ${fmtInt(stores.sqlite[f].bytes / 1024)} KiB |`,
  );
  const table = [
    `Run ${result.finishedAt} · ${fmtInt(N)} entries, ${REPEATS} requests per format after 3 warm-ups, C=1 · Node ${process.version} · \`npm run bench:reports\`.`,
    '',
    '| format | SQLite p50 / p99 ms | PostgreSQL p50 / p99 ms | size |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
    '| service peak RSS (VmHWM) | SQLite | PostgreSQL |',
    '|---|---:|---:|',
    `| before the PDFs (recording, json, html, csv, fhir) | ${fmtInt(stores.sqlite.rssBeforePdfMb)} MB | ${fmtInt(stores.postgres.rssBeforePdfMb)} MB |`,
    `| after ${REPEATS + 3} PDFs | ${fmtInt(stores.sqlite.rssAfterPdfMb)} MB | ${fmtInt(stores.postgres.rssAfterPdfMb)} MB |`,
    '',
    '| PDF library, same report (fresh process) | time | pages | size | peak RSS |',
    '|---|---:|---:|---:|---:|',
    ...libraries.map(
      (l) =>
        `| ${l.library === 'pdfkit' ? 'pdfkit 0.20.2, laid out by us (chosen)' : 'pdfmake 0.3.11 (table layout on pdfkit)'} | ${fmtMs(l.ms)} ms | ${l.pages} | ${fmtInt(l.bytes / 1024)} KiB | ${fmtInt(l.peakRssMb)} MB |`,
    ),
  ].join('\n');
  line(table);
  if (!process.env.BENCH_NO_DOCS) writeDocsSection('reports', 'Member reports: formats and the PDF', INTRO, table);
}

runToExit(main);
