/**
 * Preloaded (`node --import`) into the rebuild CLI by bench/accounting.bench.js: when the process exits (after it has
 * closed its databases, whose last WAL checkpoint is part of the cost), prints what it wrote, from /proc/self/io
 * (Linux): `wchar` (bytes handed to write calls: WAL frames, checkpoints, journal) and `write_bytes` (what reached the
 * block layer). Prints nothing where /proc is absent.
 */
import { readFileSync } from 'node:fs';

process.on('exit', () => {
  try {
    const io = readFileSync('/proc/self/io', 'utf8');
    const field = (name) => new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(io)?.[1] ?? '';
    process.stderr.write(`bench-io: wchar=${field('wchar')} write_bytes=${field('write_bytes')}\n`);
  } catch {
    /* not Linux */
  }
});
