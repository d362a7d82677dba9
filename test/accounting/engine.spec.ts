/**
 * The 164.528 engine, clause by clause (test/fixtures/accounting-scenarios.ts), plus properties the
 * scenarios do not show: determinism and the policy knob for the request date.
 */
import { describe, expect, it } from '@jest/globals';
import { generateAccounting } from '../../src/accounting/engine/accounting-engine.js';
import type { AccountingInput, DisclosureRow, ResearchProtocol } from '../../src/accounting/engine/engine-types.js';
import { DEFAULT_POLICY } from '../../src/rules/policy.js';
import { scenarios, type Scenario } from '../fixtures/accounting-scenarios.js';

const MEMBER = 'M-ENGINE';

export function protocolOf(id: string, cohortSize: number): ResearchProtocol {
  return {
    protocolId: id,
    name: `Protocol ${id}`,
    description: 'Outcomes of diabetes care',
    selectionCriteria: 'members with diabetes claims',
    phiTypes: 'diagnoses, lab results',
    sponsor: { name: 'NIH', address: 'Bethesda, MD', phone: '301-555-0100' },
    researcher: { name: 'Dr. Smith', address: 'State University', phone: '555-0101' },
    cohortSize,
  };
}

function inputOf(s: Scenario): AccountingInput {
  const disclosures: DisclosureRow[] = s.disclosures.map((d, i) => ({
    disclosureId: d.id,
    memberId: MEMBER,
    position: i + 1,
    recordedAt: '2025-01-01T00:00:00Z',
    occurredAt: d.at ?? null,
    occurredPeriod: d.period ?? null,
    recipient: {
      name: d.recipient?.name ?? 'State Dept. of Health',
      address: d.recipient?.address ?? null,
      id: d.recipient?.id ?? 'PHA-1',
    },
    channel: d.channel ?? 'government',
    madeBy: d.madeBy ?? null,
    phiDescription: d.description ?? 'Immunization history',
    purpose: d.purpose ?? 'Public health reporting',
    purposeOfUse: null,
    cfr: d.cfr === undefined ? '164.512(b)(1)(i)' : d.cfr,
    permitted: d.permitted ?? true,
    writtenRequestRef: d.writtenRequestRef ?? null,
    researchProtocolId: d.researchProtocolId ?? null,
    minorConsented: d.minorConsented ?? false,
    part2: d.part2 ?? false,
    viaEhr: d.viaEhr ?? false,
    voided: (s.voids ?? []).includes(d.id),
  }));
  return {
    memberId: MEMBER,
    disclosures,
    facts: {
      diedOn: s.diedOn ?? null,
      custodyPeriods: (s.custody ?? []).map((c) => ({ from: c.from, until: c.until ?? null })),
      representatives: (s.representatives ?? []).map((r, i) => ({
        representativeId: `R${i}`,
        personId: r.personId,
        kind: r.kind,
        from: r.from ?? null,
        until: r.until ?? null,
        declinedBasis: r.declinedBasis ?? null,
      })),
    },
    protocols: new Map((s.protocols ?? []).map((p) => [p.id, protocolOf(p.id, p.cohortSize)])),
    suspensions: (s.suspensions ?? []).map((x) => ({
      suspensionId: x.id,
      agency: x.agency,
      form: x.form,
      statedAt: x.statedAt,
      until: x.until ?? null,
      officialIdentity: x.officialIdentity ?? null,
      memberIds: x.otherMemberOnly ? ['M-SOMEONE-ELSE'] : null,
      writtenStatements: x.writtenStatements ?? [],
    })),
  };
}

function run(s: Scenario, policy = DEFAULT_POLICY) {
  return generateAccounting(
    inputOf(s),
    {
      requestedOn: s.query.requestedOn,
      from: s.query.from,
      to: s.query.to,
      summarize: s.query.summarize ?? true,
      requesterPersonId: s.query.requester ?? null,
      regime: s.query.regime,
    },
    s.query.asOf ?? `${s.query.requestedOn}T17:00:00Z`,
    policy,
  );
}

describe('the accounting of disclosures (164.528)', () => {
  it.each(scenarios.map((s) => [`${s.clause}: ${s.name}`, s] as const))('%s', (_title, s) => {
    const accounting = run(s);
    expect(accounting.entries.map((e) => e.disclosureIds)).toEqual(s.entries);
    expect(Object.fromEntries(accounting.trace.map((t) => [t.disclosureId, t.code]))).toEqual(s.trace);
    for (const [index, shape] of Object.entries(s.entryShapes ?? {}))
      expect(accounting.entries[Number(index)]).toMatchObject(shape);
  });

  it('the period shown is the six years before the request date, or the shorter period asked for', () => {
    expect(run(scenarios[0]).period).toEqual({ from: '2019-03-10', to: '2025-03-09' });
    expect(run(scenarios.find((s) => s.clause === '164.528(a)(3)')!).period).toEqual({
      from: '2023-01-01',
      to: '2023-12-31',
    });
  });

  it('a shorter period cannot reach past the six years', () => {
    const s = { ...scenarios[0], query: { ...scenarios[0].query, from: '2010-01-01' } };
    expect(run(s).period.from).toBe('2019-03-10');
  });

  it('policy includeRequestDate=true lists disclosures made on the request date', () => {
    const accounting = run(scenarios[0], { ...DEFAULT_POLICY, includeRequestDate: true });
    expect(accounting.entries.map((e) => e.disclosureIds[0])).toContain('W-request-day');
    expect(accounting.period.to).toBe('2025-03-10');
  });

  it('a small health plan (compliance date 2004-04-14) excludes disclosures before it', () => {
    const s = scenarios.find((x) => x.clause === '164.528(a)(1)(ix)')!;
    const accounting = run(
      { ...s, query: { requestedOn: '2010-04-10' }, disclosures: [{ id: 'SP', at: '2004-04-13T16:00:00Z' }] },
      { ...DEFAULT_POLICY, complianceDate: '2004-04-14' },
    );
    expect(accounting.trace).toEqual([{ disclosureId: 'SP', code: 'EXCL_PRECOMPLIANCE' }]);
  });

  it('is deterministic: the same input gives byte-identical output, whatever the row order', () => {
    const s = scenarios.find((x) => x.clause === '164.528(b)(3)(i)-(iii)')!;
    const input = inputOf(s);
    const query = { requestedOn: s.query.requestedOn, summarize: true };
    const a = generateAccounting(input, query, '2025-03-12T17:00:00Z', DEFAULT_POLICY);
    const b = generateAccounting(
      { ...input, disclosures: [...input.disclosures].reverse() },
      query,
      '2025-03-12T17:00:00Z',
      DEFAULT_POLICY,
    );
    expect(JSON.stringify(b.entries)).toBe(JSON.stringify(a.entries));
  });
});
