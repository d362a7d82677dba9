/**
 * The checkpoint signing key: created in the data directory on first start in the embedded default
 * (owner-readable only), or read from LEDGER_CHECKPOINT_KEY_FILE (a mounted secret / KMS-provisioned file).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LedgerConfig } from '../../config/config.js';
import { exportNoteSignerPem, generateNoteSigner, loadNoteSigner, type NoteSigner } from '../checkpoints/note-keys.js';

export function checkpointKeyFile(config: LedgerConfig): string {
  return config.LEDGER_CHECKPOINT_KEY_FILE ?? join(config.LEDGER_DATA_DIR, 'keys', 'checkpoint-ed25519.pem');
}

export function loadCheckpointSigner(config: LedgerConfig): NoteSigner {
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
