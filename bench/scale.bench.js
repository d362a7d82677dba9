#!/usr/bin/env node
/**
 * Scale benchmark (issue 17): the accounting bench (bench/accounting.bench.js, whose header lists every setting) run
 * through the bulk import, with the raw ceiling of the same rows measured in the same run, every read model rebuilt
 * (together, then each alone: what each costs), and the service held to LEDGER_MEMORY_MB=512. Full scale by default (1,000,000 members, 10,000,000 disclosures) on
 * SQLite; BENCH_ACCOUNTING_MEMBERS / BENCH_ACCOUNTING_DISCLOSURES / BENCH_ACCOUNTING_ENGINES for other runs. Results:
 * bench/results/scale-latest.json and the "Scale" section of docs/benchmarks.md.
 */
const defaults = {
  BENCH_ACCOUNTING_NAME: 'scale',
  BENCH_ACCOUNTING_INGEST: 'import',
  BENCH_ACCOUNTING_CEILING: '1',
  BENCH_ACCOUNTING_REBUILD: 'all',
  BENCH_ACCOUNTING_BREAKDOWN: '1',
  BENCH_ACCOUNTING_MEMORY_MB: '512',
  BENCH_ACCOUNTING_ENGINES: 'sqlite',
};
for (const [name, value] of Object.entries(defaults)) process.env[name] ??= value;
await import('./accounting.bench.js');
