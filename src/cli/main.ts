#!/usr/bin/env node
/** The `phi-ledger` command: serve, projections, and (as they land) token, integrity, verify, import, export. */
import 'reflect-metadata';
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { ConfigError } from '../config/config.js';
import { registerExportCommands } from './export.command.js';
import { registerImportCommand } from './import.command.js';
import { registerIntegrityCommands } from './integrity.command.js';
import { registerProjectionCommands } from './projections.command.js';
import { registerTokenCommand } from './token.command.js';

// what the CLI writes (keys, data) is the owner's alone, like the service's
process.umask(0o077);

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

const program = new Command('phi-ledger')
  .description('PHI disclosure ledger (45 CFR 164.528)')
  .version(version, '-V, --version', 'print the version')
  .showHelpAfterError();

program
  .command('serve')
  .description('start the HTTP service (same as npm start)')
  .action(async () => {
    const { serve } = await import('../app/main.js');
    await serve();
  });

registerProjectionCommands(program);
registerTokenCommand(program);
registerIntegrityCommands(program);
registerExportCommands(program);
registerImportCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`phi-ledger: ${error instanceof ConfigError ? error.message : (error as Error).message}\n`);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
