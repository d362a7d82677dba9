/**
 * The checkpoint signing key, from (in this order) LEDGER_CHECKPOINT_KEY (the PEM itself, e.g. injected by a secrets
 * manager), LEDGER_CHECKPOINT_KEY_FILE (a mounted secret, outside the data directory), or, in the embedded default, a
 * key created in the data directory on first start (owner-readable only). Checkpoints signed by earlier keys stay
 * verifiable through LEDGER_CHECKPOINT_TRUSTED_KEYS (docs/operations.md, "Keys and rotation").
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LedgerConfig } from '../../config/config.js';
import {
  exportNoteSignerPem,
  formatVerifierKey,
  generateNoteSigner,
  loadNoteSigner,
  parseVerifierKey,
  type NoteSigner,
} from '../checkpoints/note-keys.js';

type KeyConfig = Pick<
  LedgerConfig,
  | 'LEDGER_CHECKPOINT_KEY'
  | 'LEDGER_CHECKPOINT_KEY_FILE'
  | 'LEDGER_CHECKPOINT_TRUSTED_KEYS'
  | 'LEDGER_DATA_DIR'
  | 'LEDGER_LOG_ORIGIN'
>;

export function checkpointKeyFile(config: KeyConfig): string {
  return config.LEDGER_CHECKPOINT_KEY_FILE ?? join(config.LEDGER_DATA_DIR, 'keys', 'checkpoint-ed25519.pem');
}

export function loadCheckpointSigner(config: KeyConfig): NoteSigner {
  if (config.LEDGER_CHECKPOINT_KEY) return loadNoteSigner(config.LEDGER_LOG_ORIGIN, config.LEDGER_CHECKPOINT_KEY);
  const file = checkpointKeyFile(config);
  if (!existsSync(file)) {
    if (config.LEDGER_CHECKPOINT_KEY_FILE) throw new Error(`LEDGER_CHECKPOINT_KEY_FILE ${file} does not exist`);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, exportNoteSignerPem(generateNoteSigner(config.LEDGER_LOG_ORIGIN)), {
        mode: 0o600,
        flag: 'wx',
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return loadNoteSigner(config.LEDGER_LOG_ORIGIN, readFileSync(file, 'utf8'));
}

/** The verifier keys a checkpoint may be signed with: the current key's first, then the earlier ones still trusted. */
export function checkpointVerifiers(config: KeyConfig, signer: NoteSigner = loadCheckpointSigner(config)): string[] {
  for (const key of config.LEDGER_CHECKPOINT_TRUSTED_KEYS) parseVerifierKey(key); // refuse a malformed one at start
  return [formatVerifierKey(signer), ...config.LEDGER_CHECKPOINT_TRUSTED_KEYS];
}

/** How checkpoints are signed and witnessed, from configuration. */
export function checkpointPolicy(config: KeyConfig & Pick<LedgerConfig, 'LEDGER_CHECKPOINT_WITNESS_FILE'>) {
  const signer = loadCheckpointSigner(config);
  return {
    origin: config.LEDGER_LOG_ORIGIN,
    signer,
    witnessFile: config.LEDGER_CHECKPOINT_WITNESS_FILE ?? null,
    verifiers: checkpointVerifiers(config, signer),
    // the service's store seals every commit with this key (app/infrastructure.ts)
    sealed: true,
  };
}
