/**
 * Preloaded (`node --import`) into the rebuild CLI by bench/accounting.bench.js: when the process exits (after it has
 * closed its databases, whose last WAL checkpoint is part of the cost), prints what it wrote, from /proc/self/io
 * (Linux): `wchar`, the bytes handed to write calls (WAL frames, checkpoints, journal; sockets too). Prints nothing
 * where /proc is absent.
 */
import { readFileSync } from 'node:fs';

process.on('exit', () => {
  try {
    const io = readFileSync('/proc/self/io', 'utf8');
    process.stderr.write(`bench-io: wchar=${/^wchar:\s+(\d+)/m.exec(io)?.[1] ?? ''}\n`);
  } catch {
    /* not Linux */
  }
});
