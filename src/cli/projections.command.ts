import type { Command } from 'commander';
import { wholeNumber } from './arguments.js';
import { loadConfig, type LedgerConfig } from '../config/config.js';
import { openInfrastructure, type Infrastructure } from '../app/infrastructure.js';
import { runningService } from '../app/service-pid.js';
import { buildProjections, findProjection } from '../app/projections.js';
import { ProjectionGroup, ProjectionRunner } from '../projections/projection-runner.js';
import { progressReporter } from './progress.js';

export function registerProjectionCommands(program: Command): void {
  const projections = program.command('projections').description('read models built from the event log');

  projections
    .command('status')
    .description('each projection with its checkpoint and the log head')
    .action(async () => {
      await withRunners(null, asConfigured, async (runners, head) => {
        for (const r of runners) console.log(`${r.name}\t${await r.checkpoint()}/${head}`);
      });
    });

  projections
    .command('rebuild [name]')
    .description(
      'empty a read model (or, with --all, every one) and replay the whole log into it (stop the service first)',
    )
    .option('--all', 'every read model, the log read once for all of them')
    .option('--force', 'rebuild even though a running service was detected on this data')
    .option(
      '--batch <events>',
      `events applied per transaction (default ${REBUILD_BATCH.toLocaleString('en-US')}; with LEDGER_MEMORY_MB set, its projection page)`,
      wholeNumber('--batch', 1, 1_000_000),
    )
    .action(async (name: string | undefined, options: { all?: boolean; force?: boolean; batch?: number }) => {
      if ((name === undefined) === !options.all) throw new Error('name one projection, or pass --all (not both)');
      const page = (config: LedgerConfig): LedgerConfig => ({
        ...config,
        LEDGER_PROJECTION_BATCH:
          options.batch ?? (config.memory.budgetMb === null ? REBUILD_BATCH : config.LEDGER_PROJECTION_BATCH),
      });
      await withRunners(options.all ? null : [name!], page, async (runners, _head, infra, config) => {
        // A service applying events while the read models are emptied would race the rebuild for their checkpoints.
        const pid = runningService(config.LEDGER_DATA_DIR);
        const leases = await Promise.all(runners.map((r) => infra.readModels.tryLease(r.name)));
        const held = runners.find((_, i) => leases[i] === null);
        if ((pid !== null || held) && !options.force) {
          for (const lease of leases) await lease?.release();
          const who =
            pid !== null
              ? `a phi-ledger service (pid ${pid}) is running on ${config.LEDGER_DATA_DIR}`
              : `another process holds the ${held!.name} projection`;
          throw new Error(`${who}: stop it before rebuilding, or pass --force`);
        }
        const label = options.all ? 'all read models' : name!;
        const bar = progressReporter(`rebuild ${label}`);
        const started = performance.now();
        const group = new ProjectionGroup(infra.store, infra.readModels, runners, config.LEDGER_PROJECTION_BATCH);
        let indexed = 0; // when the replay ended and the query indexes started (Projection.queryIndexes)
        const at = await group.rebuild(
          (done, target) => bar.update(Number(done), Number(target)),
          () => {
            bar.stop();
            indexed = performance.now();
          },
        );
        const indexSeconds = (performance.now() - indexed) / 1000;
        for (const lease of leases) await lease?.release();
        const seconds = (performance.now() - started) / 1000;
        console.log(
          `${label} rebuilt up to position ${at} in ${seconds.toFixed(1)} s (${Math.round(Number(at) / seconds)} events/s;` +
            ` query indexes built in ${indexSeconds.toFixed(1)} s of it)`,
        );
      });
    });

  projections
    .command('catch-up [name]')
    .description('apply the events a read model has not seen yet, then exit')
    .action(async (name?: string) => {
      await withRunners(name ? [name] : null, asConfigured, async (runners) => {
        for (const runner of runners) {
          const bar = progressReporter(`catch-up ${runner.name}`);
          const at = await runner.catchUp((done, target) => bar.update(Number(done), Number(target)));
          bar.stop();
          console.log(`${runner.name} at position ${at}`);
        }
      });
    });
}

/**
 * Events per transaction of a rebuild (the service's page is 5,000, or its memory budget's share). At scale a rebuild's
 * cost is the read-model pages each transaction writes: every disclosure goes into B-trees keyed by random ids (the
 * disclosure id, the member, the member's stream), so once they outgrow a transaction's events, each event dirties a
 * leaf page of its own in each of them, written at every commit. Ten times the events per transaction share those
 * pages: on a 3,000,000-event ledger, every read model rebuilt with 5,000 events per transaction wrote 34.2 GB in
 * 323 s, with 50,000 14.5 GB in 268 s (+0.5 GB peak RSS: the page's events), with 200,000 9.6 GB in 259 s (+2 GB); a
 * larger page cache changed little (docs/benchmarks.md, "Scale").
 */
const REBUILD_BATCH = 50_000;

const asConfigured = (config: LedgerConfig) => config;

async function withRunners(
  names: string[] | null,
  configure: (config: LedgerConfig) => LedgerConfig,
  work: (runners: ProjectionRunner[], head: bigint, infra: Infrastructure, config: LedgerConfig) => Promise<void>,
) {
  const config = configure(loadConfig());
  const infra = await openInfrastructure(config);
  try {
    const projections = buildProjections(config);
    const runners = (names ?? projections.map((p) => p.name)).map(
      (n) =>
        new ProjectionRunner(
          infra.store,
          infra.readModels,
          findProjection(projections, n),
          config.LEDGER_PROJECTION_BATCH,
        ),
    );
    for (const r of runners) await r.ensureSchema();
    await work(runners, await infra.store.head(), infra, config);
  } finally {
    await infra.close();
  }
}
