import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import { openInfrastructure } from '../app/infrastructure.js';
import { runAudit } from '../integrity/log/run-audit.js';
import { verifyOffline } from '../integrity/verifier/offline-verifier.js';
import { progressReporter } from './progress.js';

export function registerIntegrityCommands(program: Command): void {
  program
    .command('integrity')
    .description('ledger integrity')
    .command('audit')
    .description('re-hash every stored event and check the tree, every signed checkpoint and every trusted one')
    .option(
      '--trusted-checkpoint <file>',
      'a checkpoint kept or published outside the database (a note, or a witness file); repeatable',
      (file: string, files: string[] = []) => [...files, file],
    )
    .option('--resume', 'go on with the last audit that did not finish, from its saved progress')
    .action(async (options: { trustedCheckpoint?: string[]; resume?: boolean }) => {
      const config = loadConfig();
      const infra = await openInfrastructure(config);
      try {
        const bar = progressReporter('integrity audit');
        const report = await runAudit(infra.store, infra.readModels, config, {
          trustedFiles: options.trustedCheckpoint ?? [],
          resume: options.resume ?? false,
          progress: (done, total) => bar.update(done, total),
        });
        bar.stop();
        console.log(JSON.stringify(report, null, 2));
        process.exitCode = report.verified ? 0 : 2;
      } finally {
        await infra.close();
      }
    });

  program
    .command('verify')
    .description("check a member's receipts (and two checkpoints' consistency) with no access to the ledger")
    .requiredOption('--checkpoint <file>', 'the signed checkpoint note (text)')
    .requiredOption('--public-key <file>', 'the verifier key (text, or the JSON from /v1/integrity/public-key)')
    .option('--receipts <file>', 'an accounting with receipts, or a JSON array of receipts')
    .option('--previous-checkpoint <file>', 'an earlier checkpoint note')
    .option('--consistency <file>', 'the consistency proof JSON from /v1/integrity/consistency-proofs')
    .action(
      (options: {
        checkpoint: string;
        publicKey: string;
        receipts?: string;
        previousCheckpoint?: string;
        consistency?: string;
      }) => {
        const read = (f?: string) => (f ? readFileSync(f, 'utf8') : undefined);
        const result = verifyOffline({
          checkpoint: read(options.checkpoint)!,
          publicKey: read(options.publicKey)!,
          receipts: read(options.receipts),
          previousCheckpoint: read(options.previousCheckpoint),
          consistency: read(options.consistency),
        });
        for (const line of result.lines) console.log(line);
        process.exitCode = result.ok ? 0 : 2;
      },
    );
}
