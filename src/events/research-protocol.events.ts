/** The research-protocol stream (`research-protocol-{id}`): what a 164.528(b)(4) research listing must say. */
import type { EventOf } from './event.js';

export const PROTOCOL_STREAM_PREFIX = 'research-protocol-';
export const protocolStream = (id: string) => `${PROTOCOL_STREAM_PREFIX}${id}`;

/** (b)(4)(i)(E): the sponsor and the researcher, each with a name, an address and a telephone number. */
export interface ResearchParty {
  name: string;
  address: string;
  phone: string | null;
}

export interface ResearchProtocolRegistered {
  protocolId: string;
  name: string;
  description: string;
  selectionCriteria: string;
  phiTypes: string;
  sponsor: ResearchParty;
  researcher: ResearchParty;
  cohortSize: number;
  commandHash: string;
}

export interface ResearchProtocolEventMap {
  ResearchProtocolRegistered: ResearchProtocolRegistered;
}

export type ResearchProtocolEvent = EventOf<ResearchProtocolEventMap>;
