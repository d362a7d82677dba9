#!/usr/bin/env node
/**
 * Auditor workspace benchmark (issue 13) on the built service (embedded SQLite) with BENCH_AUDIT_DISCLOSURES
 * (default 1,000,000) disclosures recorded through the HTTP API (1,000-item batches, two at a time; not the measure):
 *   1. search: recipient prefix + a three-month date range, first page (100), BENCH_AUDIT_REPEATS times: p50 / p99
 *   2. totals: channel × month from the cube; and over filters the cube is not kept by, counted over the matching
 *      disclosures: one member (by channel), and a three-month range of days (channel × month): p50 / p99
 *   3. CSV export of every disclosure of one channel (a quarter of them): rows/s, and the server's RSS sampled every
 *      200 ms during the export (it must stay flat, not grow with the export)
 * Results: bench/results/audit-latest.json and the table in docs/benchmarks.md (BENCH_NO_DOCS=1 to leave it).
 * The access log's cost (reads/s on vs off in one run) is `npm run bench:access-log`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtInt, fmtMs, fmtS, line, quantile, runToExit, startService, writeDocsSection } from './lib.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const N = Number(process.env.BENCH_AUDIT_DISCLOSURES ?? 1_000_000);
const REPEATS = Number(process.env.BENCH_AUDIT_REPEATS ?? 50);
const CHANNELS = ['government', 'legal', 'hie', 'business-associate'];
const INTRO =
  'The auditors’ search, totals and export over 1,000,000 disclosures on the built service (embedded SQLite), through the HTTP API with an auditor’s token, one request at a time. Regenerate with `npm run bench:audit` (`BENCH_AUDIT_DISCLOSURES`, `BENCH_AUDIT_REPEATS`).';

/** resident MB: all of it, and the anonymous part (heap and stacks; the rest is mostly the read models' mmap, file pages) */
const rss = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { total: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024 };
};

function disclosure(i) {
  const day = new Date(Date.UTC(2021, 0, 1) + (i % 1800) * 86_400_000).toISOString().slice(0, 10);
  return {
    disclosureId: `B-${i}`,
    memberId: `M-${i % 100_000}`,
    occurredAt: `${day}T15:00:00Z`,
    recipient: { name: `Recipient ${String(i % 500).padStart(3, '0')} Health Agency`, id: `R-${i % 500}` },
    channel: CHANNELS[i % 4],
    phiDescription: 'claims history',
    purpose: 'reporting required by law',
    legalBasis: { cfr: i % 4 === 1 ? '164.512(f)(1)' : '164.512(b)(1)(i)', permitted: true },
    sourceSystem: `system-${i % 7}`,
  };
}

async function main() {
  const { issueLocalToken } = await import(join(ROOT, 'dist/auth/token-verifier.js'));
  const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-bench-audit-'));
  const { child, base, stop } = await startService(ROOT, {
    LEDGER_DATA_DIR: dir,
    LEDGER_STORE: 'sqlite',
    DATABASE_URL: '',
  });
  try {
    const recorder = await issueLocalToken(dir, { subject: 'bench', roles: ['recorder'], ttlSeconds: 86_400 });
    const auditor = await issueLocalToken(dir, { subject: 'au', roles: ['auditor'], ttlSeconds: 86_400 });
    const get = async (path, accept) => {
      const t = performance.now();
      const res = await fetch(`${base}${path}`, {
        headers: { authorization: `Bearer ${auditor}`, ...(accept ? { accept } : {}) },
      });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
      return { ms: performance.now() - t, body };
    };

    let position = 0;
    const recordStart = performance.now();
    let next = 0;
    const worker = async () => {
      for (;;) {
        const from = next;
        if (from >= N) return;
        next += 1000;
        const items = Array.from({ length: Math.min(1000, N - from) }, (_, k) => disclosure(from + k));
        const res = await fetch(`${base}/v1/disclosure-batches`, {
          method: 'POST',
          headers: { authorization: `Bearer ${recorder}`, 'content-type': 'application/json' },
          body: JSON.stringify({ items }),
        });
        const body = await res.json();
        if (res.status !== 200) throw new Error(`recording: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
        position = Math.max(position, ...body.results.map((r) => r.position ?? 0));
        if ((from / 1000) % 50 === 49) line(`record: ${fmtInt(from + 1000)} / ${fmtInt(N)} disclosures`);
      }
    };
    await Promise.all([worker(), worker()]);
    const recordSeconds = (performance.now() - recordStart) / 1000;
    const catchStart = performance.now();
    await get(`/v1/audit/disclosures?limit=1&minPosition=${position}`);
    const catchUpSeconds = (performance.now() - catchStart) / 1000;
    line(`recorded ${fmtInt(N)} in ${fmtS(recordSeconds)} s; read models caught up ${fmtS(catchUpSeconds)} s later`);

    const measure = async (label, path) => {
      for (let i = 0; i < 3; i++) await get(path(i));
      const times = [];
      let rows = 0;
      for (let i = 0; i < REPEATS; i++) {
        const r = await get(path(i));
        times.push(r.ms);
        rows = JSON.parse(r.body).disclosures?.length ?? JSON.parse(r.body).groups?.length;
      }
      const out = { p50Ms: quantile(times, 0.5), p99Ms: quantile(times, 0.99), rows };
      line(`${label}: p50 ${fmtMs(out.p50Ms)} ms, p99 ${fmtMs(out.p99Ms)} ms (${rows} rows)`);
      return out;
    };
    const search = await measure(
      'search recipient prefix + 3 months',
      (i) =>
        `/v1/audit/disclosures?recipient=recipient%20${String(i % 50).padStart(2, '0')}&from=2023-01-01&to=2023-03-31`,
    );
    const totals = await measure('totals channel × month', () => '/v1/audit/totals?groupBy=channel,month');
    const memberTotals = await measure(
      'totals of one member by channel (from the disclosures)',
      (i) => `/v1/audit/totals?groupBy=channel&memberId=M-${(i * 7919) % 100_000}`,
    );
    const dayTotals = await measure(
      'totals channel × month over three months of days (from the disclosures)',
      () => '/v1/audit/totals?groupBy=channel,month&from=2023-01-01&to=2023-03-31',
    );

    const samples = [];
    const sampler = setInterval(() => samples.push(rss(child.pid)), 200);
    const rssBefore = rss(child.pid);
    const exportStart = performance.now();
    const res = await fetch(`${base}/v1/audit/disclosures?format=csv&channel=legal&order=oldest`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    let rows = -1; // the header row
    let tail = '';
    for await (const chunk of res.body) {
      const text = tail + Buffer.from(chunk).toString('utf8');
      const lines = text.split('\r\n');
      tail = lines.pop();
      rows += lines.length;
    }
    const exportSeconds = (performance.now() - exportStart) / 1000;
    clearInterval(sampler);
    samples.push(rss(child.pid)); // at least one sample, however short the export
    const exp = {
      rows,
      seconds: exportSeconds,
      rowsPerSecond: rows / exportSeconds,
      rssBeforeMb: rssBefore.total,
      rssPeakMb: Math.max(...samples.map((s) => s.total)),
      anonBeforeMb: rssBefore.anon,
      anonAtQuarterMb: samples[Math.floor(samples.length / 4)].anon,
      anonPeakMb: Math.max(...samples.map((s) => s.anon)),
      anonAtEndMb: samples[samples.length - 1].anon,
    };
    line(
      `export: ${fmtInt(rows)} rows in ${fmtS(exportSeconds)} s (${fmtInt(exp.rowsPerSecond)} rows/s); anonymous RSS ${fmtInt(exp.anonBeforeMb)} → peak ${fmtInt(exp.anonPeakMb)} MB`,
    );

    const result = {
      benchmark: 'audit',
      finishedAt: new Date().toISOString(),
      node: process.version,
      disclosures: N,
      recording: { seconds: recordSeconds, perSecond: N / recordSeconds, catchUpSeconds },
      search,
      totals,
      memberTotals,
      dayTotals,
      export: exp,
    };
    writeFileSync(join(HERE, 'results', 'audit-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    const table = [
      `Run ${result.finishedAt} · ${fmtInt(N)} disclosures, ${REPEATS} requests per query after 3 warm-ups, C=1 · Node ${process.version} · embedded SQLite · \`npm run bench:audit\`.`,
      '',
      '| measure | result |',
      '|---|---:|',
      `| recording (not the measure): 1,000-item batches, two at a time | ${fmtInt(result.recording.perSecond)} disclosures/s; read models caught up ${fmtS(catchUpSeconds)} s after the last batch |`,
      `| search: recipient prefix + three-month range, first page of 100: p50 / p99 | ${fmtMs(search.p50Ms)} / ${fmtMs(search.p99Ms)} ms |`,
      `| totals: channel × month (${totals.rows} groups) from the cube: p50 / p99 | ${fmtMs(totals.p50Ms)} / ${fmtMs(totals.p99Ms)} ms |`,
      `| totals of one member by channel, counted over their disclosures (a filter the cube is not kept by): p50 / p99 | ${fmtMs(memberTotals.p50Ms)} / ${fmtMs(memberTotals.p99Ms)} ms |`,
      `| totals channel × month over three months of days, counted over the disclosures (${fmtInt(N / 20)} of them): p50 / p99 | ${fmtMs(dayTotals.p50Ms)} / ${fmtMs(dayTotals.p99Ms)} ms |`,
      `| CSV export of one channel (${fmtInt(rows)} rows, streamed) | ${fmtInt(exp.rowsPerSecond)} rows/s (${fmtS(exportSeconds)} s) |`,
      `| server anonymous RSS (heap, stacks) during the export: before / after a quarter / peak / at the end | ${fmtInt(exp.anonBeforeMb)} / ${fmtInt(exp.anonAtQuarterMb)} / ${fmtInt(exp.anonPeakMb)} / ${fmtInt(exp.anonAtEndMb)} MB |`,
      `| server RSS including the read models' memory map (file pages, reclaimable): before / peak | ${fmtInt(exp.rssBeforeMb)} / ${fmtInt(exp.rssPeakMb)} MB |`,
    ].join('\n');
    line(table);
    if (!process.env.BENCH_NO_DOCS)
      writeDocsSection('audit', 'Auditor workspace: search, totals, export', INTRO, table);
  } finally {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

runToExit(main);
