/**
 * 164.528(b)(4): for 164.512(i) disclosures for a research protocol of 50 or more individuals, the
 * accounting may list the protocol instead of each disclosure, with the (A)–(F) content.
 */
import type { DisclosureEntry, ResearchEntry, ResearchProtocol } from './engine-types.js';

export const RESEARCH_STATEMENT = 'Your health information may or may not have been disclosed for this research.';

export function researchListing(protocol: ResearchProtocol, entries: DisclosureEntry[]): ResearchEntry {
  const starts = entries.map((e) => e.date).sort();
  const ends = entries.map((e) => e.dateTo ?? e.date).sort();
  return {
    type: 'research',
    protocolId: protocol.protocolId,
    name: protocol.name, // (A)
    description: protocol.description,
    selectionCriteria: protocol.selectionCriteria, // (B)
    phiTypes: protocol.phiTypes, // (C)
    dateFrom: starts[0],
    dateTo: ends.at(-1)!,
    lastDate: ends.at(-1)!, // (D)
    sponsor: protocol.sponsor,
    researcher: protocol.researcher, // (E)
    statement: RESEARCH_STATEMENT, // (F)
    disclosureIds: entries.flatMap((e) => e.disclosureIds),
  };
}
