/**
 * The business-associate register (`business-associate-{associateId}`): who the plan's business associates are
 * (164.502(e), 164.504(e)) and their agreements (BAAs). A disclosure to a registered associate is judged against the
 * agreement in effect when it happened (rules/business-associates.ts).
 */
import type { EventOf } from './event.js';

export const ASSOCIATE_STREAM_PREFIX = 'business-associate-';
export const associateStream = (id: string) => `${ASSOCIATE_STREAM_PREFIX}${id}`;

export interface BusinessAssociateRegistered {
  /** the id disclosures name as `recipient.id` */
  associateId: string;
  name: string;
  aliases: string[];
  services: string;
  commandHash: string;
}

export interface AgreementRecorded {
  agreementId: string;
  signedOn: string;
  effectiveFrom: string;
  /** last day in effect; null: until terminated */
  effectiveUntil: string | null;
  commandHash: string;
}

export interface AgreementTerminated {
  agreementId: string;
  /** first day no longer in effect */
  terminatedOn: string;
  commandHash: string;
}

export interface AssociateEventMap {
  BusinessAssociateRegistered: BusinessAssociateRegistered;
  AgreementRecorded: AgreementRecorded;
  AgreementTerminated: AgreementTerminated;
}

export type AssociateEvent = EventOf<AssociateEventMap>;
export type AssociateEventType = keyof AssociateEventMap;
