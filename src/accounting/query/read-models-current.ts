import { projectionLagging } from '../../http/problem.js';
import type { ProjectionsService } from '../../projections/projections.service.js';

/**
 * Views that join several read models (incidents with the accounting's disclosures; the business-associate register
 * with the breach queue) wait until all of them hold everything recorded before the request; 503 after 5 s.
 */
export async function readModelsCurrent(projections: ProjectionsService): Promise<void> {
  const { reached, head } = await projections.caughtUp(5000);
  if (!reached) throw projectionLagging(`the read models have not reached position ${head} within 5 s`);
}
