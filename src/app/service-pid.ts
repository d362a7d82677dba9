/**
 * The running service leaves its process id in its data directory (`service.pid`), so that the CLI can tell that a
 * service is working on that data before it does something that must not run under one (rebuilding a read model).
 * A service killed without a chance to remove it leaves a file whose process is gone: that counts as not running.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const fileOf = (dataDir: string) => join(dataDir, 'service.pid');

/** Records this process as the service of `dataDir` until it exits. */
export function markServiceRunning(dataDir: string): void {
  const file = fileOf(dataDir);
  writeFileSync(file, `${process.pid}\n`, { mode: 0o600 });
  process.once('exit', () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file);
    } catch {
      // already gone
    }
  });
}

/** The process id of a live service on `dataDir` (this host), or null. */
export function runningService(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(fileOf(dataDir), 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}
