#!/usr/bin/env node
/**
 * Breach-incident benchmark (issue 11): an incident of BENCH_INCIDENT_DISCLOSURES (default 100,000) impermissible
 * disclosures on the built service (embedded SQLite), through its HTTP API with real tokens:
 *   1. record     the disclosures, flagged (tracking pixel, no basis), in 1,000-item batches (not the measure)
 *   2. group      open the incident, then take every flagged disclosure in with one request by filter (the server
 *                 walks them in pages of 10,000, one event each): time of that request
 *   3. view       the incident view (affected members counted per State, deadlines), then every page of its
 *                 disclosures (limit 500, keyset cursor): time per page, p50 / p99, and the whole walk
 * The server's peak RSS (VmHWM from /proc) is read at the end. Results: bench/results/incidents-latest.json and the
 * table in docs/benchmarks.md (BENCH_NO_DOCS=1 to leave it).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtInt, fmtMs, fmtS, line, quantile, runToExit, startService, writeDocsSection } from './lib.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const N = Number(process.env.BENCH_INCIDENT_DISCLOSURES ?? 100_000);
const PAGE = 500;
const INTRO =
  'One breach incident of 100,000 impermissible disclosures on the built service (embedded SQLite), through the HTTP API: grouping them (one request by filter, walked in pages of 10,000) and paging the incident view (500 per page, keyset cursor), with the server’s peak RSS. Regenerate with `npm run bench:incidents` (`BENCH_INCIDENT_DISCLOSURES`).';

async function main() {
  const { issueLocalToken } = await import(join(ROOT, 'dist/auth/token-verifier.js'));
  const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-bench-incidents-'));
  const { child, base, stop } = await startService(ROOT, {
    LEDGER_DATA_DIR: dir,
    LEDGER_STORE: 'sqlite',
    DATABASE_URL: '',
  });
  try {
    const token = {
      recorder: await issueLocalToken(dir, { subject: 'bench', roles: ['recorder'] }),
      office: await issueLocalToken(dir, { subject: 'po', roles: ['privacy-officer'] }),
    };
    const call = async (method, path, bearer, body) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const json = await res.json();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
      return json;
    };
    const ids = Array.from({ length: N }, (_, i) => `PX-${i}`);
    let position = 0;
    for (let i = 0; i < N; i += 1000) {
      const items = ids.slice(i, i + 1000).map((disclosureId, k) => ({
        disclosureId,
        memberId: `M-${String(i + k).padStart(7, '0')}`,
        occurredAt: '2025-01-15T15:00:00Z',
        recipient: { name: 'Social media platform (pixel)', id: 'ADV-1' },
        channel: 'tracking-technology',
        phiDescription: 'portal page visited, member id',
        purpose: 'analytics pixel on authenticated pages',
        legalBasis: { cfr: null, permitted: false },
      }));
      const res = await call('POST', '/v1/disclosure-batches', token.recorder, { items });
      position = Math.max(position, ...res.results.map((r) => r.position ?? 0));
      if ((i / 1000) % 10 === 9) line(`record: ${fmtInt(i + 1000)} / ${fmtInt(N)} disclosures`);
    }
    await call('GET', `/v1/audit/disclosures?limit=1&minPosition=${position}`, token.office);

    await call('POST', '/v1/incidents', token.office, {
      incidentId: 'INC-BENCH',
      title: 'Analytics pixel on authenticated portal pages',
      discoveredOn: '2025-03-01',
    });
    line('group: one request by filter…');
    const groupStart = performance.now();
    const last = await call('POST', '/v1/incidents/INC-BENCH/disclosures', token.office, {
      filter: { channel: 'tracking-technology', recipientName: 'Social media platform (pixel)' },
    });
    const groupSeconds = (performance.now() - groupStart) / 1000;
    line(`group: ${fmtInt(last.disclosures)} disclosures in the incident, ${last.commands} commands`);

    const viewStart = performance.now();
    const view = await call(
      'GET',
      `/v1/audit/incidents/INC-BENCH?limit=${PAGE}&minPosition=${last.position ?? position}`,
      token.office,
    );
    const viewMs = performance.now() - viewStart;
    const pages = [];
    let cursor = view.page.nextCursor;
    let seen = view.page.disclosures.length;
    const walkStart = performance.now();
    while (cursor) {
      const t = performance.now();
      const page = await call(
        'GET',
        `/v1/audit/incidents/INC-BENCH?limit=${PAGE}&cursor=${encodeURIComponent(cursor)}`,
        token.office,
      );
      pages.push(performance.now() - t);
      seen += page.page.disclosures.length;
      cursor = page.page.nextCursor;
      if (pages.length % 50 === 0) line(`view: ${fmtInt(seen)} / ${fmtInt(N)} disclosures paged`);
    }
    const walkSeconds = (performance.now() - walkStart) / 1000;
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const peakRssMb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
    const result = {
      benchmark: 'incidents',
      finishedAt: new Date().toISOString(),
      node: process.version,
      disclosures: N,
      affected: view.affected,
      grouping: { commands: last.commands, seconds: groupSeconds, disclosuresPerSecond: N / groupSeconds },
      view: {
        firstPageMs: viewMs,
        pages: pages.length + 1,
        pageP50Ms: quantile(pages, 0.5),
        pageP99Ms: quantile(pages, 0.99),
        walkSeconds,
        seen,
      },
      peakRssMb,
    };
    writeFileSync(join(HERE, 'results', 'incidents-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    const table = [
      `Run ${result.finishedAt} · ${fmtInt(N)} disclosures, ${fmtInt(result.affected)} members · Node ${process.version} · embedded SQLite · \`npm run bench:incidents\`.`,
      '',
      '| measure | result |',
      '|---|---:|',
      `| group ${fmtInt(N)} disclosures into one incident: one request by filter (${result.grouping.commands} pages of 10,000) | ${fmtS(groupSeconds)} s (${fmtInt(result.grouping.disclosuresPerSecond)} disclosures/s) |`,
      `| incident view with its first page (affected per State, deadlines) | ${fmtMs(viewMs)} ms |`,
      `| every further page of 500 (${fmtInt(pages.length)} pages): p50 / p99 | ${fmtMs(result.view.pageP50Ms)} / ${fmtMs(result.view.pageP99Ms)} ms |`,
      `| the whole walk (${fmtInt(seen)} disclosures) | ${fmtS(walkSeconds)} s |`,
      `| server peak RSS (VmHWM), recording included | ${fmtInt(peakRssMb)} MB |`,
    ].join('\n');
    line(table);
    if (!process.env.BENCH_NO_DOCS)
      writeDocsSection('incidents', 'Breach incidents: grouping and paging', INTRO, table);
  } finally {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

runToExit(main);
