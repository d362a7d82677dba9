import type { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import { openInfrastructure } from '../app/infrastructure.js';
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
    .description('empty a read model and replay the whole log into it')
    .action(async (name: string) => {
      await withRunners([name], async ([runner]) => {
        const bar = progressReporter(`rebuild ${name}`);
        const at = await runner.rebuild((done, target) => bar.update(Number(done), Number(target)));
        bar.stop();
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

async function withRunners(names: string[] | null, work: (runners: ProjectionRunner[], head: bigint) => Promise<void>) {
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
    await work(runners, await infra.store.head());
  } finally {
    await infra.close();
  }
}
