/**
 * The breach-assessment stream (`assessment-{incidentId}`): one incident the privacy office works from the
 * BreachAssessmentRequired flags of impermissible disclosures to its end (45 CFR 164.400–414; rules/breach-notification.ts).
 * A tracking pixel that reached 40,000 members is one incident, not 40,000 queue items.
 */
import type { EventOf } from './event.js';

export const INCIDENT_STREAM_PREFIX = 'assessment-';
export const incidentStream = (id: string) => `${INCIDENT_STREAM_PREFIX}${id}`;

export interface IncidentOpened {
  incidentId: string;
  title: string;
  /** 164.404(a)(2): the first day the breach was known, or by reasonable diligence would have been */
  discoveredOn: string;
  commandHash: string;
}

/** Flagged disclosures taken into the incident (a command may add up to 10,000; an incident may grow later). */
export interface DisclosuresGrouped {
  incidentId: string;
  disclosures: { disclosureId: string; memberId: string }[];
  commandHash: string;
}

/** 164.404(a)(2): the discovery date, revised (the latest recorded counts). */
export interface DiscoveryRevised {
  discoveredOn: string;
  reason: string;
  commandHash: string;
}

/** 164.402(2): the four-factor risk assessment (the latest recorded counts). */
export interface RiskAssessed {
  natureAndExtent: string;
  unauthorizedRecipient: string;
  acquiredOrViewed: string;
  mitigation: string;
  lowProbability: boolean;
  assessedOn: string;
  commandHash: string;
}

/** 164.402(1): an exception to "breach" found to apply. */
export interface BreachExceptionFound {
  exception: '164.402(1)(i)' | '164.402(1)(ii)' | '164.402(1)(iii)';
  rationale: string;
  commandHash: string;
}

/** 164.412: a law enforcement statement delaying the notices (the latest recorded counts). */
export interface LawEnforcementDelayStated {
  form: 'written' | 'oral';
  statedOn: string;
  until: string | null;
  official: string;
  confirmedInWriting: { receivedOn: string; until: string } | null;
  commandHash: string;
}

export interface IncidentConcluded {
  conclusion: 'breach' | 'not-a-breach';
  concludedOn: string;
  commandHash: string;
}

/** Notices sent: to the individuals (164.404), the media (164.406, the States named) or HHS (164.408). */
export interface BreachNoticeSent {
  kind: 'individual' | 'media' | 'hhs';
  sentOn: string;
  /** individuals: how many were notified in this mailing; media: the States it was for */
  count: number | null;
  states: string[] | null;
  commandHash: string;
}

export interface IncidentEventMap {
  IncidentOpened: IncidentOpened;
  DisclosuresGrouped: DisclosuresGrouped;
  DiscoveryRevised: DiscoveryRevised;
  RiskAssessed: RiskAssessed;
  BreachExceptionFound: BreachExceptionFound;
  LawEnforcementDelayStated: LawEnforcementDelayStated;
  IncidentConcluded: IncidentConcluded;
  BreachNoticeSent: BreachNoticeSent;
}

export type IncidentEvent = EventOf<IncidentEventMap>;
export type IncidentEventType = keyof IncidentEventMap;
