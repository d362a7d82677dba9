/**
 * Test support: loads the transparency-dev/merkle proof vectors in place from ../shared/testdata (never copied
 * into the project). Formats, per that folder's README: inclusion {leafIdx, treeSize, root, leafHash, proof, desc,
 * wantErr}; consistency {size1, size2, root1, root2, proof, desc, wantErr}; hashes base64, proof may be null.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** Relative to the repository root, where Jest runs (the folder exists next to the checkout in CI too). */
export const VECTORS_DIR = resolve('../shared/testdata/transparency-dev-merkle');

export interface InclusionVector {
  file: string;
  desc: string;
  wantErr: boolean;
  leafIndex: number;
  treeSize: number;
  rootHash: Buffer;
  leafHash: Buffer;
  proof: Buffer[];
}

export interface ConsistencyVector {
  file: string;
  desc: string;
  wantErr: boolean;
  fromSize: number;
  toSize: number;
  fromRoot: Buffer;
  toRoot: Buffer;
  proof: Buffer[];
}

const b64 = (text: string): Buffer => Buffer.from(text, 'base64');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? jsonFiles(join(dir, entry.name))
      : entry.name.endsWith('.json')
        ? [join(dir, entry.name)]
        : [],
  );
}

function load(kind: string): Array<{ file: string; raw: Record<string, unknown> }> {
  return jsonFiles(join(VECTORS_DIR, kind))
    .sort()
    .map((path) => ({ file: relative(VECTORS_DIR, path), raw: JSON.parse(readFileSync(path, 'utf8')) }));
}

export function inclusionVectors(): InclusionVector[] {
  return load('inclusion').map(({ file, raw }) => ({
    file,
    desc: raw.desc as string,
    wantErr: raw.wantErr as boolean,
    leafIndex: raw.leafIdx as number,
    treeSize: raw.treeSize as number,
    rootHash: b64(raw.root as string),
    leafHash: b64(raw.leafHash as string),
    proof: ((raw.proof as string[] | null) ?? []).map(b64),
  }));
}

export function consistencyVectors(): ConsistencyVector[] {
  return load('consistency').map(({ file, raw }) => ({
    file,
    desc: raw.desc as string,
    wantErr: raw.wantErr as boolean,
    fromSize: raw.size1 as number,
    toSize: raw.size2 as number,
    fromRoot: b64(raw.root1 as string),
    toRoot: b64(raw.root2 as string),
    proof: ((raw.proof as string[] | null) ?? []).map(b64),
  }));
}
