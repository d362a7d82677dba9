import { InvalidArgumentError, type Command } from 'commander';
import { hasLocalKeys } from '../auth/local-keys.js';
import { wholeNumber } from './arguments.js';
import { issueLocalToken } from '../auth/token-verifier.js';
import { isRole, ROLES, type Role } from '../auth/roles.js';

const collectRole = (value: string, previous: Role[] = []): Role[] => {
  if (!isRole(value)) throw new InvalidArgumentError(`role must be one of ${ROLES.join(', ')}`);
  return [...previous, value];
};

export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description("print a bearer token signed with the embedded default's local key")
    .requiredOption('--role <role>', `a role (repeatable): ${ROLES.join(', ')}`, collectRole)
    .requiredOption('--sub <subject>', 'token subject: a service name, a member id, a person id')
    .option('--client <clientId>', 'client id recorded with every event this token writes')
    .option('--ttl <seconds>', 'lifetime in seconds', wholeNumber('--ttl', 1, 31_536_000), 3600)
    .option('--data <dir>', 'data directory holding the key (default: LEDGER_DATA_DIR or ./data)')
    .action(async (options: { role: Role[]; sub: string; client?: string; ttl: number; data?: string }) => {
      const dataDir = options.data ?? process.env.LEDGER_DATA_DIR ?? './data';
      // a mistyped --data would otherwise create a new key that no service trusts
      if (!hasLocalKeys(dataDir)) {
        throw new Error(
          `${dataDir} holds no token key: start the service once (it creates one), or pass --data <its LEDGER_DATA_DIR>`,
        );
      }
      const token = await issueLocalToken(dataDir, {
        subject: options.sub,
        roles: options.role,
        ttlSeconds: options.ttl,
        clientId: options.client,
      });
      process.stdout.write(`${token}\n`);
    });
}
