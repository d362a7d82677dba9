#!/usr/bin/env node
/**
 * `npm start` builds only when it must: when dist/ is missing, or older than a source file, a tsconfig or
 * package.json. The first start after `npm ci` (or after a change) compiles; every other start is immediate.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const BUILT = join(ROOT, 'dist', 'app', 'main.js');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].map((p) => join(ROOT, p));
if (!existsSync(BUILT) || Math.max(...inputs.map(newest)) > statSync(BUILT).mtimeMs) {
  process.stderr.write('phi-ledger: compiling (first start, or the sources changed)…\n');
  const tsc = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')],
    {
      stdio: 'inherit',
    },
  );
  process.exit(tsc.status ?? 1);
}
