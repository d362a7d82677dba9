#!/usr/bin/env node
/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time aggregated by function (name + file:line) and by
 * package / area, so a profile of the HTTP bench's server says what limits throughput (JWT verification,
 * class-validator, JSON, the commit, logging, ...).
 *
 *   node bench/cpuprofile-summary.js [file.cpuprofile | directory (newest profile in it)] [--top 15] [--skip-ms 0] [--json]
 *
 * --skip-ms leaves out the first milliseconds of the profile (the server's start-up: module loading and compiling).
 *
 * Also imported by bench/http.bench.js (summarizeProfile).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/**
 * The newest .cpuprofile of a main thread in a directory (optionally only those modified after `since` ms).
 * `node --cpu-prof` writes one file per thread, CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile; the
 * service's worker threads (projections, SQLite writer) are left out: the event loop is what limits requests.
 */
export function newestProfile(dir, since = 0) {
  let best = null;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.cpuprofile')) continue;
    if (/^CPU\.\d+\.\d+\.\d+\.\d+\.\d+\.cpuprofile$/.test(name) && name.split('.')[4] !== '0') continue;
    const file = join(dir, name);
    const mtime = statSync(file).mtimeMs;
    if (mtime >= since && (!best || mtime > best.mtime)) best = { file, mtime };
  }
  return best?.file ?? null;
}

function shortUrl(url) {
  if (!url) return '';
  let path = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (path.startsWith(ROOT)) path = path.slice(ROOT.length + 1);
  const nm = path.lastIndexOf('node_modules/');
  return nm >= 0 ? path.slice(nm + 'node_modules/'.length) : path;
}

/** The package or area a frame belongs to. */
export function areaOf(functionName, url) {
  if (!url) {
    if (functionName.startsWith('(')) return functionName; // (garbage collector), (program), (idle), (root)
    return 'V8 builtins / native (JSON, crypto, RegExp, ...)';
  }
  if (url.startsWith('node:')) {
    const parts = url.slice(5).split('/');
    return `node ${parts[0] === 'internal' && parts[1] ? parts[1].replace(/\.js$/, '').replace(/^(crypto).*/, '$1') : parts[0]}`;
  }
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const dist = path.indexOf('/dist/');
  if (dist >= 0) {
    const parts = path.slice(dist + '/dist/'.length).split('/');
    return `phi-ledger ${parts.length > 1 ? parts[0] : parts[0].replace(/\.js$/, '')}`;
  }
  return shortUrl(url);
}

/** What the area means for the question "what limits throughput". */
export function themeOf(area, functionName) {
  if (area === '(idle)') return 'idle';
  if (area === '(garbage collector)') return 'GC';
  if (area === '(program)') return 'V8 / native (unattributed)';
  if (area === 'jose') return 'JWT verification (jose)';
  if (area === 'node crypto') return 'node crypto (hashes, signatures, UUIDs)';
  if (area === 'node modules' || area === 'node vm') return 'module loading (start-up)';
  if (
    area === 'class-validator' ||
    area === 'class-transformer' ||
    area === 'validator' ||
    area === 'libphonenumber-js'
  )
    return 'validation (class-validator / class-transformer)';
  if (area === 'better-sqlite3' || area === 'pg' || area === 'pg-protocol' || area.startsWith('phi-ledger event-store'))
    return 'event store / commit';
  if (
    area === 'pino' ||
    area === 'pino-http' ||
    area === 'nestjs-pino' ||
    area === 'sonic-boom' ||
    area === 'pino-std-serializers'
  )
    return 'logging';
  if (area === 'prom-client') return 'metrics';
  if (
    area === 'fastify' ||
    area.startsWith('@fastify/') ||
    area === 'find-my-way' ||
    area === 'avvio' ||
    area === 'light-my-request' ||
    area === 'secure-json-parse' ||
    area === 'fast-json-stringify'
  )
    return 'fastify';
  if (area.startsWith('@nestjs/') || area === 'rxjs' || area === 'reflect-metadata' || area === 'path-to-regexp')
    return 'Nest (+rxjs)';
  if (area.startsWith('phi-ledger ')) return 'phi-ledger code';
  if (area.startsWith('node ')) return 'node internals (net, http, streams, timers)';
  if (area.startsWith('V8 builtins')) return 'V8 builtins (JSON, RegExp, ...)';
  return 'other packages';
}

/**
 * Reads a .cpuprofile and returns { file, totalMs, busyMs, samples, functions: [...top], areas: [...], themes: [...] },
 * each entry { name, url?, area?, selfMs, pct (of total), busyPct (of non-idle) }.
 */
export function summarizeProfile(file, { top = 15, skipMs = 0 } = {}) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map(); // node id -> µs
  const { samples, timeDeltas } = profile;
  // timeDeltas[i] is the time between sample i-1 and sample i: attribute the time until the next sample to sample i.
  const skipUs = skipMs * 1000;
  let t = 0;
  let counted = 0;
  for (let i = 0; i < samples.length; i++) {
    t += timeDeltas[i];
    if (t < skipUs) continue;
    const dt = i + 1 < timeDeltas.length ? timeDeltas[i + 1] : 0;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + Math.max(0, dt));
    counted++;
  }
  const totalUs = Math.max(1, profile.endTime - profile.startTime - Math.min(skipUs, t));
  const byFunction = new Map();
  const byArea = new Map();
  const byTheme = new Map();
  let idleUs = 0;
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const name = functionName || '(anonymous)';
    const area = areaOf(name, url);
    const theme = themeOf(area, name);
    if (area === '(idle)') idleUs += us;
    const key = `${name}\u0000${url}\u0000${lineNumber}`;
    const f = byFunction.get(key) ?? { name, url: url ? `${shortUrl(url)}:${lineNumber + 1}` : '', area, theme, us: 0 };
    f.us += us;
    byFunction.set(key, f);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    byTheme.set(theme, (byTheme.get(theme) ?? 0) + us);
  }
  const busyUs = Math.max(1, totalUs - idleUs);
  const row = (us) => ({ selfMs: us / 1000, pct: (100 * us) / totalUs, busyPct: (100 * us) / busyUs });
  const sorted = (m, f) => [...m.entries()].sort((a, b) => b[1] - a[1]).map(f);
  return {
    file,
    totalMs: totalUs / 1000,
    busyMs: busyUs / 1000,
    skippedMs: skipMs,
    samples: counted,
    functions: [...byFunction.values()]
      .filter((f) => f.area !== '(idle)')
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map(({ us, ...f }) => ({ ...f, ...row(us) })),
    areas: sorted(byArea, ([area, us]) => ({ area, theme: themeOf(area, ''), ...row(us) })).slice(0, top),
    themes: sorted(byTheme, ([theme, us]) => ({ theme, ...row(us) })),
  };
}

export function formatSummary(s) {
  const pct = (x) => `${x.toFixed(1)}%`;
  const lines = [];
  lines.push(
    `${basename(s.file)}: ${(s.totalMs / 1000).toFixed(1)} s profiled` +
      `${s.skippedMs ? ` (after skipping the first ${(s.skippedMs / 1000).toFixed(1)} s)` : ''}, ${(s.busyMs / 1000).toFixed(1)} s busy, ${s.samples} samples`,
  );
  lines.push('');
  lines.push('| # | self ms | % busy | function | where | package / area |');
  lines.push('|---:|---:|---:|---|---|---|');
  s.functions.forEach((f, i) =>
    lines.push(
      `| ${i + 1} | ${f.selfMs.toFixed(0)} | ${pct(f.busyPct)} | \`${f.name}\` | ${f.url ? `\`${f.url}\`` : ''} | ${f.area} |`,
    ),
  );
  lines.push('');
  lines.push('| theme | self ms | % busy |');
  lines.push('|---|---:|---:|');
  for (const t of s.themes.filter((x) => x.theme !== 'idle' && x.busyPct >= 0.1))
    lines.push(`| ${t.theme} | ${t.selfMs.toFixed(0)} | ${pct(t.busyPct)} |`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 15;
  const json = args.includes('--json');
  const target =
    args.find((a, i) => !a.startsWith('--') && !['--top', '--skip-ms'].includes(args[i - 1])) ??
    join(ROOT, 'bench', 'profiles');
  const skipAt = args.indexOf('--skip-ms');
  const skipMs = skipAt >= 0 ? Number(args[skipAt + 1]) : 0;
  const file = statSync(target).isDirectory() ? newestProfile(target) : target;
  if (!file) {
    console.error(`no .cpuprofile in ${target}`);
    process.exit(1);
  }
  const summary = summarizeProfile(file, { top, skipMs });
  console.log(json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
}
