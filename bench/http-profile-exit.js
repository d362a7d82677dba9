/**
 * Preloaded (`node --import`) into the server when bench/http.bench.js profiles it with --cpu-prof.
 * Nest's shutdown hook closes the app on SIGTERM and then re-raises the signal, whose default action kills the
 * process before V8 writes the profile. With this listener present the re-raised signal is not fatal: the
 * second SIGTERM (Nest is done) exits normally, which writes the .cpuprofile; a fallback exits after 15 s.
 */
let signals = 0;
process.on('SIGTERM', () => {
  signals++;
  if (signals === 1) setTimeout(() => process.exit(0), 15_000).unref();
  else process.exit(0);
});
