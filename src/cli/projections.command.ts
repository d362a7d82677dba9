import type { Command } from 'commander';
import { loadConfig, type LedgerConfig } from '../config/config.js';
import { openInfrastructure, type Infrastructure } from '../app/infrastructure.js';
import { runningService } from '../app/service-pid.js';
import { buildProjections, findProjection } from '../app/projections.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { progressReporter } from './progress.js';

export function registerProjectionCommands(program: Command): void {
  const projections = program.command('projections').description('read models built from the event log');

  projections
    .command('status')
    .description('each projection with its checkpoint and the log head')
    .action(async () => {
      await withRunners(null, async (runners, head) => {
        for (const r of runners) console.log(`${r.name}\t${await r.checkpoint()}/${head}`);
      });
    });

  projections
    .command('rebuild <name>')
    .description('empty a read model and replay the whole log into it (stop the service first)')
    .option('--force', 'rebuild even though a running service was detected on this data')
    .action(async (name: string, options: { force?: boolean }) => {
      await withRunners([name], async ([runner], _head, infra, config) => {
        // A service applying events while the read model is emptied would race the rebuild for its checkpoint.
        const pid = runningService(config.LEDGER_DATA_DIR);
        const lease = await infra.readModels.tryLease(name);
        if ((pid !== null || lease === null) && !options.force) {
          await lease?.release();
          const who =
            pid !== null
              ? `a phi-ledger service (pid ${pid}) is running on ${config.LEDGER_DATA_DIR}`
              : `another process holds the ${name} projection`;
          throw new Error(`${who}: stop it before rebuilding, or pass --force`);
        }
        const bar = progressReporter(`rebuild ${name}`);
        const at = await runner.rebuild((done, target) => bar.update(Number(done), Number(target)));
        bar.stop();
        await lease?.release();
        console.log(`${name} rebuilt up to position ${at}`);
      });
    });

  projections
    .command('catch-up [name]')
    .description('apply the events a read model has not seen yet, then exit')
    .action(async (name?: string) => {
      await withRunners(name ? [name] : null, async (runners) => {
        for (const runner of runners) {
          const bar = progressReporter(`catch-up ${runner.name}`);
          const at = await runner.catchUp((done, target) => bar.update(Number(done), Number(target)));
          bar.stop();
          console.log(`${runner.name} at position ${at}`);
        }
      });
    });
}

async function withRunners(
  names: string[] | null,
  work: (runners: ProjectionRunner[], head: bigint, infra: Infrastructure, config: LedgerConfig) => Promise<void>,
) {
  const config = loadConfig();
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
