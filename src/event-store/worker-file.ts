import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The compiled file of a worker thread that sits next to the module at `from` (its import.meta.url). Worker
 * threads run plain JavaScript: from dist/ the file is right there; from the TypeScript sources (Jest runs
 * them) it is the same path under dist/, which `npm test` builds first.
 */
export function workerFile(from: string, name: string): URL {
  const url = new URL(name, from);
  if (existsSync(url)) return url;
  const at = url.pathname.lastIndexOf('/src/');
  if (at >= 0) {
    const compiled = new URL(url.href);
    compiled.pathname = `${url.pathname.slice(0, at)}/dist/${url.pathname.slice(at + 5)}`;
    if (existsSync(compiled)) return compiled;
  }
  throw new Error(`worker ${fileURLToPath(url)} is not built: run \`npm run build\``);
}
