/** Stops the PostgreSQL container the global setup started, if it started one. */
export default async function teardown() {
  await globalThis.phiLedgerPostgresContainer?.stop();
}
