/**
 * A service that cannot start says why in one log line (pino, as every other line), never with a stack trace, and
 * exits 78 (EX_CONFIG) when what is wrong is the environment it was given: the store refuses its settings, PostgreSQL
 * cannot be reached or refuses the credentials or the database, the data directory cannot be written. Anything else
 * is a bug: logged with its stack, exit 1.
 */
import { pino } from 'pino';
import type { LedgerConfig } from '../config/config.js';
import { StoreConfigurationError } from '../event-store/errors.js';

/** Node's and PostgreSQL's codes for "the environment is wrong", with what to tell the operator. */
const ENVIRONMENT: Record<string, string> = {
  ECONNREFUSED: 'the database refused the connection (is it running, on that host and port?)',
  ENOTFOUND: 'the database host name does not resolve',
  EAI_AGAIN: 'the database host name could not be resolved',
  ETIMEDOUT: 'the database did not answer',
  EHOSTUNREACH: 'the database host cannot be reached',
  '28P01': 'the database refused the password',
  '28000': 'the database refused the role',
  '3D000': 'the database named in DATABASE_URL does not exist',
  EACCES: 'the data directory cannot be written',
  EROFS: 'the data directory is on a read-only file system',
};

export function reportStartFailure(error: unknown, config: Pick<LedgerConfig, 'LEDGER_LOG_LEVEL'>): number {
  const logger = pino({ level: config.LEDGER_LOG_LEVEL === 'silent' ? 'fatal' : config.LEDGER_LOG_LEVEL });
  const code = (error as { code?: unknown }).code;
  const known = typeof code === 'string' ? ENVIRONMENT[code] : undefined;
  if (error instanceof StoreConfigurationError || known) {
    logger.fatal(
      { code: code ?? 'STORE_MISCONFIGURED' },
      `phi-ledger cannot start: ${known ?? (error as Error).message}`,
    );
    return 78;
  }
  logger.fatal({ err: error }, 'phi-ledger failed to start');
  return 1;
}
