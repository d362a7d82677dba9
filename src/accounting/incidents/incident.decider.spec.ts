/**
 * Breach incidents as specifications (45 CFR 164.400–414): given the incident's stream, when the privacy office takes
 * a step, then these events (or this refusal).
 */
import { describe, expect, it } from '@jest/globals';
import { decider, type GivenEvent } from '../../../test/support/decider.js';
import {
  IncidentStepCommand,
  toConclusion,
  toDelay,
  toException,
  toGrouping,
  toNotice,
  toOpening,
  toRiskAssessment,
} from './incident.command.js';

const incident = decider(IncidentStepCommand.useCase);
const d = (n: number) => ({ disclosureId: `E${n}`, memberId: `M${n}` });
const opening = toOpening({ incidentId: 'I1', title: 'Pixel on the member portal', discoveredOn: '2025-03-01' }, [
  d(1),
  d(2),
]);
const opened: GivenEvent[] = incident.given().when(opening).events;
const assessment = (lowProbability: boolean) =>
  toRiskAssessment('I1', {
    natureAndExtent: 'member ids and page URLs',
    unauthorizedRecipient: 'advertising platform',
    acquiredOrViewed: 'acquired by the vendor',
    mitigation: 'pixel removed, deletion requested',
    lowProbability,
    assessedOn: '2025-03-10',
  });
const conclude = (conclusion: 'breach' | 'not-a-breach') =>
  toConclusion('I1', { conclusion, concludedOn: '2025-03-15' });
const after = (...steps: Parameters<typeof incident.given>[0][]) => [...opened, ...steps];
const eventsOf = (history: GivenEvent[], step: Parameters<ReturnType<typeof incident.given>['when']>[0]) =>
  incident.given(...history).when(step).events;

describe('an incident', () => {
  it('opens with its first disclosures in one append', () => {
    const decision = incident
      .given()
      .when(opening)
      .then([
        { type: 'IncidentOpened', eventId: 'incident:I1', data: { discoveredOn: '2025-03-01' } },
        { type: 'DisclosuresGrouped', data: { disclosures: [d(1), d(2)] } },
      ]);
    expect(decision.result).toEqual({ incidentId: 'I1', step: 'IncidentOpened', disclosures: 2 });
  });

  it('a retried opening replays; the same id with another body conflicts', () => {
    incident
      .given(...opened)
      .when(opening)
      .thenNothingHappened();
    incident
      .given(...opened)
      .when(toOpening({ incidentId: 'I1', title: 'other', discoveredOn: '2025-03-01' }, []))
      .then({ status: 409, code: 'ID_CONFLICT' });
  });

  it('takes in later disclosures, each once; naming only ones it holds is a conflict', () => {
    const decision = incident
      .given(...opened)
      .when(toGrouping('I1', [d(2), d(3)]))
      .then([{ type: 'DisclosuresGrouped', data: { disclosures: [d(3)] } }]);
    expect(decision.result.disclosures).toBe(3);
    incident
      .given(...opened)
      .when(toGrouping('I1', [d(1)]))
      .then({ status: 409, code: 'ALREADY_GROUPED' });
  });

  it('a step on an incident that was never opened is 404', () => {
    incident.given().when(assessment(true)).then({ status: 404, code: 'UNKNOWN_INCIDENT' });
  });
});

describe('concluding (164.402, 164.414(b): the burden of proof is the plan’s)', () => {
  it('breach needs nothing more: it is presumed', () => {
    incident
      .given(...opened)
      .when(conclude('breach'))
      .then([{ type: 'IncidentConcluded', data: { conclusion: 'breach' } }]);
  });
  it('not-a-breach without an assessment or an exception is refused', () => {
    incident
      .given(...opened)
      .when(conclude('not-a-breach'))
      .then({ status: 422, code: 'CONCLUSION_UNSUPPORTED' });
  });
  it('not-a-breach after an assessment that did not find a low probability is refused', () => {
    const history = after(...eventsOf(opened, assessment(false)));
    incident
      .given(...history)
      .when(conclude('not-a-breach'))
      .then({ status: 422, code: 'CONCLUSION_UNSUPPORTED' });
  });
  it('not-a-breach after a low-probability finding, or an exception, is recorded', () => {
    incident
      .given(...after(...eventsOf(opened, assessment(true))))
      .when(conclude('not-a-breach'))
      .then([{ type: 'IncidentConcluded' }]);
    const excepted = eventsOf(
      opened,
      toException('I1', { exception: '164.402(1)(iii)', rationale: 'returned unopened' }),
    );
    incident
      .given(...after(...excepted))
      .when(conclude('not-a-breach'))
      .then([{ type: 'IncidentConcluded' }]);
  });
  it('concluded once: another conclusion conflicts; nothing more is grouped or assessed', () => {
    const history = after(...eventsOf(opened, conclude('breach')));
    incident
      .given(...history)
      .when(conclude('breach'))
      .thenNothingHappened();
    incident
      .given(...history)
      .when(toConclusion('I1', { conclusion: 'breach', concludedOn: '2025-03-16' }))
      .then({ status: 409, code: 'ALREADY_CONCLUDED' });
    incident
      .given(...history)
      .when(toGrouping('I1', [d(9)]))
      .then({ status: 409, code: 'INCIDENT_CONCLUDED' });
    incident
      .given(...history)
      .when(assessment(true))
      .then({ status: 409, code: 'INCIDENT_CONCLUDED' });
  });
});

describe('repeatable steps: the latest body counts', () => {
  it('assessment A, then B, then A again records A again (not a replay of the first A)', () => {
    const a = eventsOf(opened, assessment(false));
    const b = eventsOf([...opened, ...a], assessment(true));
    const history = [...opened, ...a, ...b];
    const again = incident.given(...history).when(assessment(false));
    again.then([{ type: 'RiskAssessed', data: { lowProbability: false } }]);
    expect(again.events[0].eventId).not.toBe(a[0].eventId);
    // and with A the latest again, not-a-breach is no longer supported
    incident
      .given(...history, ...again.events)
      .when(conclude('not-a-breach'))
      .then({ status: 422, code: 'CONCLUSION_UNSUPPORTED' });
  });
  it('the latest body sent again is a retry', () => {
    const a = eventsOf(opened, assessment(false));
    incident
      .given(...opened, ...a)
      .when(assessment(false))
      .thenNothingHappened();
  });
});

describe('notices (164.404–408) and a law enforcement delay (164.412)', () => {
  const notice = (sentOn: string) => toNotice('I1', { kind: 'individual', sentOn, count: 2 });
  it('no notice before the incident is concluded a breach', () => {
    incident
      .given(...opened)
      .when(notice('2025-03-20'))
      .then({ status: 409, code: 'NO_BREACH_CONCLUDED' });
  });
  it('after it, notices are recorded; one dated before the discovery is refused', () => {
    const history = after(...eventsOf(opened, conclude('breach')));
    incident
      .given(...history)
      .when(notice('2025-03-20'))
      .then([{ type: 'BreachNoticeSent', data: { kind: 'individual' } }]);
    incident
      .given(...history)
      .when(notice('2025-02-28'))
      .then({ status: 422, code: 'INVALID_DATE', path: 'sentOn' });
  });
  it('a written statement must give the time of the delay; an oral one need not', () => {
    const delay = (form: 'written' | 'oral') =>
      toDelay('I1', { form, statedOn: '2025-03-05', official: 'Det. Smith, County PD' });
    incident
      .given(...opened)
      .when(delay('written'))
      .then({ status: 422, code: 'DELAY_END_REQUIRED' });
    incident
      .given(...opened)
      .when(delay('oral'))
      .then([{ type: 'LawEnforcementDelayStated', data: { form: 'oral', until: null } }]);
  });
});
