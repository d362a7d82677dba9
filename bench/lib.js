/**
 * Plumbing every bench harness shares: the PostgreSQL bench database, a free port, the markdown section in
 * docs/benchmarks.md, and the entry point that runs the parent or a child phase.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DOCS_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'benchmarks.md');

export const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/phi_ledger_bench';

export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Creates the bench database when missing and connects to it; reports the named server settings.
 * `keepAdmin` leaves the connection to the `postgres` database open for creating more databases.
 */
export async function openBenchDatabase(settingNames, { keepAdmin = false } = {}) {
  const pg = (await import('pg')).default;
  const dbName = decodeURIComponent(new URL(DATABASE_URL).pathname.slice(1)) || 'phi_ledger_bench';
  const admin = new pg.Client({ connectionString: withDatabase(DATABASE_URL, 'postgres') });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${dbName}"`);
  if (!keepAdmin) await admin.end();
  const bench = new pg.Client({ connectionString: DATABASE_URL });
  await bench.connect();
  const settings = {};
  for (const name of settingNames)
    settings[name] = (await bench.query('SELECT current_setting($1) AS v', [name])).rows[0].v;
  return { pg, admin: keepAdmin ? admin : null, bench, settings };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export function escapeCell(s) {
  return String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');
}

/** Replaces the bench's block between its markers in docs/benchmarks.md, or appends a section with `intro`. */
export function writeDocsSection(name, heading, intro, table) {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  let text = existsSync(DOCS_FILE)
    ? readFileSync(DOCS_FILE, 'utf8')
    : "# Benchmarks\n\nMeasured on the project's machine kind (2 cores, shared). Absolute numbers drift from day to day on a" +
      ' noisy machine: compare the ratios measured in the same run. See `bench/` for the harnesses.\n';
  const block = `${start}\n${table}\n${end}`;
  const s = text.indexOf(start);
  const e = text.indexOf(end);
  if (s >= 0 && e > s) text = text.slice(0, s) + block + text.slice(e + end.length);
  else text = `${text.trimEnd()}\n\n## ${heading}\n\n${intro}\n\n${block}\n`;
  writeFileSync(DOCS_FILE, text);
}

/** Runs `work` and exits with process.exitCode (0 unless work set it), or prints the error and exits 1. */
export function runToExit(work) {
  work()
    .then(() => process.exit(process.exitCode ?? 0))
    .catch((error) => {
      console.error(error?.stack ?? String(error));
      process.exit(1);
    });
}

/** Numbers for the results tables: integers with thousands separators, '–' when not measured. */
export const fmtInt = (n) => (n == null || !Number.isFinite(n) ? '–' : Math.round(n).toLocaleString('en-US'));
/** Milliseconds with two decimals below 10, one above (latency columns). */
export const fmtMs = (n) => (n == null ? '–' : n < 10 ? n.toFixed(2) : n.toFixed(1));
/** Seconds with one decimal below 100. */
export const fmtS = (s) => (s == null ? '–' : s >= 100 ? s.toFixed(0) : s.toFixed(1));

/**
 * How `npm start` runs the service (package.json): its node flags and its entry file (absolute), as it is run. The
 * flags may come from a command (`$(node dist/app/heap-flags.js)`: they follow LEDGER_MEMORY_MB), run here with `env`.
 */
export function startCommand(root, env = process.env) {
  const script = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start;
  const expanded = script.replace(/\$\((node [^)]+)\)/g, (_, command) => {
    const [, file] = command.split(/\s+/);
    return execFileSync(process.execPath, [join(root, file)], { env: { ...process.env, ...env } })
      .toString()
      .trim();
  });
  const start = expanded.split(/\s+/);
  const entry = start.findIndex((word) => word.endsWith('.js'));
  return { flags: start.slice(start.indexOf('node') + 1, entry), entry: join(root, start[entry]) };
}

/** The node flags `npm start` runs the service with: benchmarks start the service as it is run. */
export const startFlags = (root, env) => startCommand(root, env).flags;

/** A line of progress or result on stdout. */
export const line = (s) => process.stdout.write(`${s}\n`);

/** The q-quantile of a list of figures (nearest rank). */
export const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** The median of the figures given (nulls left out; the mean of the middle two for an even count), or null. */
export function median(xs) {
  const sorted = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Starts the built service as `npm start` runs it, on a free port of 127.0.0.1 with `env` added, and resolves once
 * /health/ready answers. `stop()` sends SIGTERM and waits for the exit.
 */
export async function startService(root, env) {
  const { spawn } = await import('node:child_process');
  const port = await freePort();
  const { flags, entry } = startCommand(root, env);
  const child = spawn(process.execPath, [...flags, entry], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), LEDGER_HOST: '127.0.0.1', LEDGER_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let ready = false; !ready;) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}`);
    ready = await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (!ready) await new Promise((r) => setTimeout(r, 200));
  }
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
  };
  return { child, base, stop };
}

const CLOCK_TICKS = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(r.stdout?.trim()) || 100;
})();

/** utime + stime of a process (all threads) and of its main thread, in seconds, from /proc (Linux); null elsewhere. */
export function processCpuSeconds(pid) {
  const ticks = (file) => {
    // fields after the command name, which is in parentheses and may hold spaces: utime and stime are fields 14 and 15
    const text = readFileSync(file, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  };
  try {
    return { all: ticks(`/proc/${pid}/stat`), main: ticks(`/proc/${pid}/task/${pid}/stat`) };
  } catch {
    return null;
  }
}
