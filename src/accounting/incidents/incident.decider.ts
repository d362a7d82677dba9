/**
 * The privacy office's work on one incident (45 CFR 164.400–414), decided on the incident's stream. Pure: the folded
 * stream and the command. The rules themselves (deadlines, thresholds, the burden of proof) are in
 * rules/breach-notification.ts; this file says which step may follow which.
 */
import { replayOf, type Decision } from '../../commands/decision.js';
import { ledgerError, type LedgerError } from '../../commands/ledger-error.js';
import type { IncidentEvent, IncidentEventMap, IncidentEventType } from '../../events/incident.events.js';
import { notABreachProblem } from '../../rules/breach-notification.js';
import { incidentCommandKey, isLatestKeyed, type IncidentState } from './incident-state.js';

type GroupedDisclosure = IncidentEventMap['DisclosuresGrouped']['disclosures'][number];

/**
 * One step on an incident: the event it records (payload with its command hash). Opening may take in its first
 * disclosures in the same step (one append: an incident never exists half-opened).
 */
export type IncidentStep =
  | {
      [K in Exclude<IncidentEventType, 'IncidentOpened'>]: { incidentId: string; type: K; data: IncidentEventMap[K] };
    }[Exclude<IncidentEventType, 'IncidentOpened'>]
  | {
      incidentId: string;
      type: 'IncidentOpened';
      data: IncidentEventMap['IncidentOpened'];
      disclosures: GroupedDisclosure[];
    };

export interface IncidentResult {
  incidentId: string;
  step: IncidentEventType;
  /** disclosures in the incident after the step */
  disclosures: number;
}

const unknownIncident = (id: string) => ledgerError(404, 'UNKNOWN_INCIDENT', `no incident ${id} is recorded`);
const concluded = (id: string) =>
  ledgerError(
    409,
    'INCIDENT_CONCLUDED',
    `incident ${id} is concluded; open a new incident for what came to light since`,
  );

/** Why the step may not be recorded now, or null. */
function stepProblem(step: IncidentStep, s: IncidentState): LedgerError | null {
  const { incidentId: id } = step;
  if (step.type === 'IncidentOpened') return null;
  if (!s.opened) return unknownIncident(id);
  switch (step.type) {
    case 'DisclosuresGrouped':
    case 'RiskAssessed':
    case 'BreachExceptionFound':
      return s.conclusion ? concluded(id) : null;
    case 'IncidentConcluded': {
      if (step.data.conclusion === 'breach') return null;
      // 164.414(b): the plan carries the burden of showing it was not a breach
      const problem = notABreachProblem(s.assessment, s.exception?.exception ?? null);
      return problem === null ? null : ledgerError(422, 'CONCLUSION_UNSUPPORTED', problem, 'conclusion');
    }
    case 'BreachNoticeSent':
      if (s.conclusion?.conclusion !== 'breach') {
        return ledgerError(409, 'NO_BREACH_CONCLUDED', `incident ${id} is not concluded as a breach: no notice is due`);
      }
      if (s.discoveredOn && step.data.sentOn < s.discoveredOn) {
        return ledgerError(422, 'INVALID_DATE', `sentOn is before the discovery (${s.discoveredOn})`, 'sentOn');
      }
      return null;
    case 'LawEnforcementDelayStated':
      // 164.412(a): a written statement specifies the time for which a delay is required
      return step.data.form === 'written' && step.data.until === null
        ? ledgerError(422, 'DELAY_END_REQUIRED', 'a written statement must give the time of the delay (until)', 'until')
        : null;
    default:
      return null;
  }
}

export function decideIncidentStep(
  step: IncidentStep,
  s: IncidentState,
): Decision<IncidentResult, IncidentEvent> | LedgerError {
  const key = incidentCommandKey(step.type, step.data.commandHash);
  const result = (count: number): IncidentResult => ({
    incidentId: step.incidentId,
    step: step.type,
    disclosures: count,
  });
  const seen = s.commands.get(key);
  const replay = replayOf(
    isLatestKeyed(step.type) && seen?.hash !== step.data.commandHash ? undefined : seen,
    step.data.commandHash,
    () => result(s.disclosureIds.size),
    () =>
      key === 'open'
        ? ledgerError(
            409,
            'ID_CONFLICT',
            `incident ${step.incidentId} was already opened with a different body; use a new id`,
          )
        : ledgerError(409, 'ALREADY_CONCLUDED', `incident ${step.incidentId} was already concluded otherwise`),
  );
  if (replay) return replay;
  const problem = stepProblem(step, s);
  if (problem) return problem;
  const { incidentId: id, data } = step;
  const grouping = (disclosures: GroupedDisclosure[]): IncidentEvent => ({
    type: 'DisclosuresGrouped',
    eventId: `incident-grouping:${id}:${data.commandHash}`,
    data: { incidentId: id, disclosures, commandHash: data.commandHash },
  });
  if (step.type === 'IncidentOpened') {
    const opened: IncidentEvent = { type: 'IncidentOpened', eventId: `incident:${id}`, data: step.data };
    const events = step.disclosures.length > 0 ? [opened, grouping(step.disclosures)] : [opened];
    return { events, result: result(step.disclosures.length) };
  }
  if (step.type === 'DisclosuresGrouped') {
    // each disclosure joins an incident once: those already in it are left out of the event
    const fresh = step.data.disclosures.filter((d) => !s.disclosureIds.has(d.disclosureId));
    if (fresh.length === 0) {
      return ledgerError(409, 'ALREADY_GROUPED', `every disclosure named is already in incident ${id}`);
    }
    return { events: [grouping(fresh)], result: result(s.disclosureIds.size + fresh.length) };
  }
  const event = { type: step.type, eventId: `incident-${step.type}:${id}:${s.events}`, data } as IncidentEvent;
  return { events: [event], result: result(s.disclosureIds.size) };
}
