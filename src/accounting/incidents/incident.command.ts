/** Incident commands (privacy office): each step on the incident's stream, decided by decideIncidentStep. */
import { commandHash } from '../../commands/command-hash.js';
import { LedgerCommand, type UseCase } from '../../commands/ledger-command.js';
import { incidentStream, type IncidentEventMap } from '../../events/incident.events.js';
import { decideIncidentStep, type IncidentResult, type IncidentStep } from './incident.decider.js';
import { incidentStreamKind, type IncidentState } from './incident-state.js';
import type {
  BreachExceptionRequestDto,
  ConclusionRequestDto,
  LawEnforcementDelayRequestDto,
  NoticeRequestDto,
  OpenIncidentRequestDto,
  ReviseDiscoveryRequestDto,
  RiskAssessmentRequestDto,
} from './incident.request.dto.js';

type Grouped = IncidentEventMap['DisclosuresGrouped']['disclosures'];

/** The ids in a fixed order: the same disclosures named in another order are the same command. */
const sortedIds = (disclosures: Grouped) => disclosures.map((d) => d.disclosureId).sort();

/** A step whose payload is the body as recorded, hashed. */
function step<K extends Exclude<keyof IncidentEventMap, 'IncidentOpened' | 'DisclosuresGrouped'>>(
  incidentId: string,
  type: K,
  payload: Omit<IncidentEventMap[K], 'commandHash'>,
): IncidentStep {
  return { incidentId, type, data: { ...payload, commandHash: commandHash(payload) } } as unknown as IncidentStep;
}

export function toOpening(b: OpenIncidentRequestDto, disclosures: Grouped): IncidentStep {
  const payload = { incidentId: b.incidentId, title: b.title, discoveredOn: b.discoveredOn };
  // the hash covers the disclosures named too: the same id with another list is another command
  const hash = commandHash({ ...payload, disclosureIds: sortedIds(disclosures) });
  return { incidentId: b.incidentId, type: 'IncidentOpened', data: { ...payload, commandHash: hash }, disclosures };
}

export const toGrouping = (incidentId: string, disclosures: Grouped): IncidentStep => ({
  incidentId,
  type: 'DisclosuresGrouped',
  data: {
    incidentId,
    disclosures,
    commandHash: commandHash({ incidentId, ids: sortedIds(disclosures) }),
  },
});

export const toDiscoveryRevision = (id: string, b: ReviseDiscoveryRequestDto) =>
  step(id, 'DiscoveryRevised', { discoveredOn: b.discoveredOn, reason: b.reason });

export const toRiskAssessment = (id: string, b: RiskAssessmentRequestDto) =>
  step(id, 'RiskAssessed', {
    natureAndExtent: b.natureAndExtent,
    unauthorizedRecipient: b.unauthorizedRecipient,
    acquiredOrViewed: b.acquiredOrViewed,
    mitigation: b.mitigation,
    lowProbability: b.lowProbability,
    assessedOn: b.assessedOn,
  });

export const toException = (id: string, b: BreachExceptionRequestDto) =>
  step(id, 'BreachExceptionFound', { exception: b.exception, rationale: b.rationale });

export const toDelay = (id: string, b: LawEnforcementDelayRequestDto) =>
  step(id, 'LawEnforcementDelayStated', {
    form: b.form,
    statedOn: b.statedOn,
    until: b.until ?? null,
    official: b.official,
    confirmedInWriting: b.confirmedInWriting
      ? { receivedOn: b.confirmedInWriting.receivedOn, until: b.confirmedInWriting.until }
      : null,
  });

export const toConclusion = (id: string, b: ConclusionRequestDto) =>
  step(id, 'IncidentConcluded', { conclusion: b.conclusion, concludedOn: b.concludedOn });

export const toNotice = (id: string, b: NoticeRequestDto) =>
  step(id, 'BreachNoticeSent', { kind: b.kind, sentOn: b.sentOn, count: b.count ?? null, states: b.states ?? null });

export class IncidentStepCommand extends LedgerCommand<IncidentStep, IncidentResult> {
  static readonly useCase: UseCase<IncidentStep, IncidentState, IncidentResult> = {
    kind: incidentStreamKind,
    target: (c) => ({ stream: incidentStream(c.incidentId) }),
    decide: (c, state) => decideIncidentStep(c, state),
  };
}
