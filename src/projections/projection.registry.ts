import { streamCatalogueProjection } from './catalogue/stream-catalogue.projection.js';
import type { Projection } from './projection.js';

/** Every projection the service runs. Add a read model here and it is run, rebuilt and reported. */
export const allProjections: Projection[] = [streamCatalogueProjection];

export function findProjection(name: string): Projection {
  const found = allProjections.find((p) => p.name === name);
  if (!found) throw new Error(`unknown projection "${name}"; known: ${allProjections.map((p) => p.name).join(', ')}`);
  return found;
}
