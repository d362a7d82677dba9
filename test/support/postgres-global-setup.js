/**
 * Jest global setup: where the PostgreSQL suites get a server, said once for the whole run.
 *   1. DATABASE_URL (CI and developers: a local server; .ci/run creates a fresh database);
 *   2. else, when a Docker engine answers, a throw-away PostgreSQL container (@testcontainers/postgresql), whose URL
 *      the suites then read from DATABASE_URL; it is stopped by the global teardown;
 *   3. else the suites are skipped, each with one line saying why (PHI_LEDGER_PG_SKIP).
 */
const DOCKER_PROBE_MS = 10_000;

export default async function setup() {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    process.stderr.write(`\nPostgreSQL suites: the server at DATABASE_URL (${url.host}${url.pathname})\n`);
    return;
  }
  const docker = await dockerEngine();
  if (!docker.ok) {
    process.env.PHI_LEDGER_PG_SKIP =
      `PostgreSQL suites skipped: DATABASE_URL is not set and no Docker engine answers (${docker.why}); ` +
      'CI sets DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/phi_ledger_test';
    process.stderr.write(`\n${process.env.PHI_LEDGER_PG_SKIP}\n`);
    return;
  }
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:16-alpine').withDatabase('phi_ledger_test').start();
  globalThis.phiLedgerPostgresContainer = container;
  process.env.DATABASE_URL = container.getConnectionUri();
  process.stderr.write(`\nPostgreSQL suites: a testcontainers postgres:16-alpine container (${container.getHost()})\n`);
}

/** Whether testcontainers finds a container runtime, within a bounded time. */
async function dockerEngine() {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${DOCKER_PROBE_MS / 1000} s`)), DOCKER_PROBE_MS);
    });
    await Promise.race([getContainerRuntimeClient(), timeout]).finally(() => clearTimeout(timer));
    return { ok: true };
  } catch (error) {
    return {
      ok: false,
      why: String(error?.message ?? error)
        .split('\n')[0]
        .slice(0, 160),
    };
  }
}
