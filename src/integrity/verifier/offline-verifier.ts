/**
 * The offline verifier: given only files (a checkpoint note, the ledger's verifier key, receipts, optionally an
 * earlier checkpoint and a consistency proof), says whether each receipt is included in the signed tree and
 * whether the two checkpoints are consistent. Needs no access to the ledger.
 */
import { verifyCheckpoint } from '../checkpoints/signed-note.js';
import { verifyConsistencyProof } from '../merkle/verify-consistency.js';
import { verifyInclusionProof } from '../merkle/verify-inclusion.js';

export interface Receipt {
  disclosureId?: string;
  position: number;
  leafIndex: number;
  leafHash: string;
  hashes: string[];
  treeSize?: number;
}

export interface OfflineInput {
  checkpoint: string;
  publicKey: string;
  receipts?: string;
  previousCheckpoint?: string;
  consistency?: string;
}

const b64 = (s: string) => Buffer.from(s, 'base64');

/** Accepts the raw verifier key or the JSON served at /v1/integrity/public-key. */
function verifierKeyOf(text: string): string {
  const trimmed = text.trim();
  return trimmed.startsWith('{') ? (JSON.parse(trimmed) as { verifierKey: string }).verifierKey : trimmed;
}

/** Receipts may come as an array, as `{receipts}`, or inside an accounting's entries. */
function receiptsOf(text: string): Receipt[] {
  const parsed = JSON.parse(text) as unknown;
  if (Array.isArray(parsed)) return parsed as Receipt[];
  const doc = parsed as { receipts?: Receipt[]; entries?: { receipts?: Receipt[] }[] };
  return doc.receipts ?? (doc.entries ?? []).flatMap((e) => e.receipts ?? []);
}

export function verifyOffline(input: OfflineInput): { ok: boolean; lines: string[] } {
  const lines: string[] = [];
  let ok = true;
  const key = verifierKeyOf(input.publicKey);
  let checkpoint;
  try {
    checkpoint = verifyCheckpoint(input.checkpoint, key);
    lines.push(`checkpoint: OK (origin ${checkpoint.origin}, size ${checkpoint.size})`);
  } catch (error) {
    return { ok: false, lines: [`checkpoint: FAILED (${(error as Error).message})`] };
  }
  for (const receipt of input.receipts ? receiptsOf(input.receipts) : []) {
    const label = `receipt ${receipt.disclosureId ?? ''} position ${receipt.position}`.replace('  ', ' ');
    let included: boolean;
    try {
      included =
        receipt.leafIndex === receipt.position - 1 &&
        verifyInclusionProof({
          leafIndex: receipt.leafIndex,
          treeSize: checkpoint.size,
          leafHash: b64(receipt.leafHash),
          proof: receipt.hashes.map(b64),
          rootHash: checkpoint.rootHash,
        });
    } catch {
      included = false;
    }
    ok &&= included;
    lines.push(`${label}: ${included ? 'OK, included in the signed tree' : 'FAILED, not proven by this checkpoint'}`);
  }
  if (input.previousCheckpoint) {
    let consistent: boolean;
    try {
      const earlier = verifyCheckpoint(input.previousCheckpoint, key);
      const proof = input.consistency ? (JSON.parse(input.consistency) as { hashes: string[] }).hashes.map(b64) : [];
      consistent = verifyConsistencyProof({
        fromSize: earlier.size,
        toSize: checkpoint.size,
        fromRoot: earlier.rootHash,
        toRoot: checkpoint.rootHash,
        proof,
      });
    } catch {
      consistent = false;
    }
    ok &&= consistent;
    lines.push(`consistency with the previous checkpoint: ${consistent ? 'OK' : 'FAILED'}`);
  }
  return { ok, lines };
}
