/**
 * What an incident shows on a date: status (a voided disclosure leaves its incident; none left closes it), people and
 * States reached, and the deadlines of 164.404–408 with overdue and late flags; the annual HHS log (164.408(c)).
 */
import { describe, expect, it } from '@jest/globals';
import type { IncidentReach, IncidentRow } from '../projection/incidents.reader.js';
import { emptySummary, type IncidentSummary } from './incident-state.js';
import { annualLog, dueWithin, incidentView } from './incident-view.js';

const summary = (over: Partial<IncidentSummary> = {}): IncidentSummary => ({
  ...emptySummary(),
  opened: { incidentId: 'I1', title: 'Misdirected EOBs', discoveredOn: '2025-03-01' },
  discoveredOn: '2025-03-01',
  ...over,
});
const row = (over: Partial<IncidentSummary> = {}): IncidentRow => ({
  incidentId: 'I1',
  openedAt: '2025-03-02T10:00:00Z',
  summary: summary(over),
});
/** `residents` members per State, every disclosure standing unless `voided` says how many are not. */
function reach(residents: Record<string, number>, voided = 0): IncidentReach {
  const members = new Map<string, string | null>();
  let n = 0;
  for (const [state, count] of Object.entries(residents))
    for (let i = 0; i < count; i++) members.set(`M${n++}`, state === 'unknown' ? null : state);
  return {
    grouped: n + voided,
    standing: n,
    members,
    firstDate: '2025-02-01',
    lastDate: '2025-02-20',
    channels: ['mail'],
  };
}
const breach = { conclusion: 'breach' as const, concludedOn: '2025-03-10' };
const sent = (kind: 'individual' | 'media' | 'hhs', sentOn: string) => ({ kind, sentOn, count: null, states: null });

describe('an incident’s status', () => {
  it('open, then concluded', () => {
    expect(incidentView(row(), reach({ NY: 3 }), '2025-03-05').status).toBe('open');
    expect(incidentView(row({ conclusion: breach }), reach({ NY: 3 }), '2025-03-05').status).toBe('concluded');
  });
  it('a voided disclosure leaves it; with none left it closes itself, and no deadline runs', () => {
    const view = incidentView(row(), reach({}, 2), '2025-06-01');
    expect(view).toMatchObject({ status: 'closed', affected: 0, deadlines: null, overdue: false });
  });
  it('affected members are counted per State (unknown when no address State is recorded)', () => {
    expect(incidentView(row(), reach({ NY: 2, NJ: 1, unknown: 1 }), '2025-03-05')).toMatchObject({
      affected: 4,
      affectedByState: { NY: 2, NJ: 1, unknown: 1 },
    });
  });
});

describe('deadlines', () => {
  it('individual notices are due 60 days after discovery; overdue the day after when not sent', () => {
    const due = incidentView(row(), reach({ NY: 3 }), '2025-04-30').deadlines!;
    expect(due.individualNotices).toEqual({ dueOn: '2025-04-30', sentOn: null, overdue: false, late: false });
    const over = incidentView(row(), reach({ NY: 3 }), '2025-05-01');
    expect(over.deadlines!.individualNotices.overdue).toBe(true);
    expect(over.overdue).toBe(true);
  });
  it('a notice sent after the deadline is late, not overdue', () => {
    const view = incidentView(
      row({ conclusion: breach, notices: [sent('individual', '2025-05-02')] }),
      reach({ NY: 3 }),
      '2025-06-01',
    );
    expect(view.deadlines!.individualNotices).toMatchObject({ sentOn: '2025-05-02', overdue: false, late: true });
  });
  it.each([
    [500, null],
    [501, ['NY']],
  ])('media notice: %i residents of one State → %j', (residents, states) => {
    const view = incidentView(row(), reach({ NY: residents }), '2025-03-05');
    expect(view.deadlines!.mediaNotice?.states ?? null).toEqual(states);
  });
  it.each([
    [499, 'annual-log', '2026-03-01'],
    [500, 'with-individual-notices', '2025-04-30'],
  ])('HHS: %i affected → %s by %s', (affected, route, dueOn) => {
    expect(incidentView(row(), reach({ NY: affected }), '2025-03-05').deadlines!.hhsNotice).toMatchObject({
      route,
      dueOn,
    });
  });
  it('a 164.412 delay moves them (oral: 30 days from the statement)', () => {
    const delay = {
      form: 'oral' as const,
      statedOn: '2025-03-05',
      until: null,
      official: 'Det. Smith',
      confirmedInWriting: null,
    };
    // 2025-03-05 … 2025-04-04: 31 days after discovery are delayed
    expect(incidentView(row({ delay }), reach({ NY: 3 }), '2025-03-05').deadlines!.individualNotices.dueOn).toBe(
      '2025-05-31',
    );
  });
  it('not-a-breach runs no clock', () => {
    const view = incidentView(
      row({ conclusion: { conclusion: 'not-a-breach', concludedOn: '2025-03-10' } }),
      reach({ NY: 3 }),
      '2025-09-01',
    );
    expect(view).toMatchObject({ deadlines: null, overdue: false });
  });
  it('due-within N days: the earliest unsent deadline falls within them (overdue ones included)', () => {
    const view = incidentView(row(), reach({ NY: 3 }), '2025-04-01');
    expect(dueWithin(view, '2025-04-01', 29)).toBe(true);
    expect(dueWithin(view, '2025-04-01', 28)).toBe(false);
  });
});

describe('the annual HHS log (164.408(c))', () => {
  it('lists the breaches of fewer than 500 discovered in the year, not larger ones, not non-breaches', () => {
    const small = incidentView(
      row({ conclusion: breach, notices: [sent('individual', '2025-04-01')] }),
      reach({ NY: 499 }),
      '2025-12-31',
    );
    const large = incidentView({ ...row({ conclusion: breach }), incidentId: 'I2' }, reach({ NY: 500 }), '2025-12-31');
    const open = incidentView({ ...row(), incidentId: 'I3' }, reach({ NY: 3 }), '2025-12-31');
    const log = annualLog([small, large, open], 2025);
    expect(log).toEqual([
      expect.objectContaining({
        incidentId: 'I1',
        discoveryDate: '2025-03-01',
        individualsAffected: 499,
        breachStartDate: '2025-02-01',
        individualNoticeDate: '2025-04-01',
        locationOfBreachedInformation: 'mail',
      }),
    ]);
    expect(annualLog([small], 2024)).toEqual([]);
  });
});
