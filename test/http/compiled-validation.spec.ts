/**
 * The compiled acceptance check (src/http/compiled-validation.ts) must agree with class-validator: it may only
 * accept a body that plainToInstance + validateSync (whitelist, forbidNonWhitelisted, forbidUnknownValues)
 * accepts, and it should accept every such body (else the fast path is lost, not correctness). Checked for every
 * request DTO over generated bodies: each field drawn from valid values, near misses and wrong types, fields
 * left out, and unknown fields.
 */
import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import fc from 'fast-check';
import * as incidents from '../../src/accounting/incidents/incident.request.dto.js';
import * as requests from '../../src/accounting/requests/request.request.dto.js';
import * as suspensions from '../../src/accounting/suspensions/suspension.request.dto.js';
import { acceptsAsIs } from '../../src/http/compiled-validation.js';
import * as corrections from '../../src/ledger/correct-disclosure/correct-disclosure.request.dto.js';
import * as facts from '../../src/ledger/member-facts/member-facts.request.dto.js';
import { RecordDisclosureRequestDto } from '../../src/ledger/record-disclosure/record-disclosure.request.dto.js';
import { RecordUseRequestDto } from '../../src/ledger/record-use/record-use.request.dto.js';
import { RegisterResearchProtocolRequestDto } from '../../src/ledger/research-protocols/research-protocol.request.dto.js';
import { BatchRequestDto } from '../../src/commands/batch.js';

/** A request DTO class. */
type DtoClass = new () => object;

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;
const classValidatorAccepts = (type: DtoClass, body: unknown) =>
  validateSync(plainToInstance(type, body), OPTIONS).length === 0;

const DTOS = (
  [
    RecordDisclosureRequestDto,
    RecordUseRequestDto,
    RegisterResearchProtocolRequestDto,
    BatchRequestDto,
    ...Object.values(corrections),
    ...Object.values(facts),
    ...Object.values(requests),
    ...Object.values(suspensions),
    ...Object.values(incidents),
  ] as unknown[]
).filter((v): v is DtoClass => typeof v === 'function' && v.name.endsWith('RequestDto'));

const disclosure = {
  disclosureId: 'D-1',
  memberId: 'M-000123',
  occurredAt: '2023-03-15T14:00:00Z',
  recipient: { name: 'State Dept. of Health', address: '1 Capitol Way, Albany, NY 12210', id: 'PHA-NY' },
  channel: 'government',
  phiDescription: 'Immunization history',
  purpose: 'Immunization registry reporting',
  purposeOfUse: 'PUBHLTH',
  legalBasis: { cfr: '164.512(b)(1)(i)', permitted: true, authorizationId: null, rationale: null },
  writtenRequestRef: null,
  researchProtocolId: null,
  sensitivity: { part2: false, minorConsented: false },
  sourceSystem: 'public-health-gateway',
};

/** Values every field may take: valid ones for some field, near misses, wrong types. */
const POOL: unknown[] = [
  'E2',
  'M-000123',
  '',
  ' ',
  'bad id!',
  'x'.repeat(129),
  'x'.repeat(2001),
  '2024-08-01',
  '2024-02-30',
  '2024-2-1',
  '2023-03-15T14:00:00Z',
  '2023-03-15T14:00:00',
  '2023-03-15T14:00:00+05:30',
  'hie',
  'government',
  'advertising',
  'opt-out',
  'opt-in',
  'parent',
  'self',
  'PUBHLTH',
  'treatment',
  '164.512(b)(1)(i)',
  '164.508',
  'not a cfr',
  null,
  true,
  false,
  0,
  5,
  12.345,
  -1,
  100_001,
  [],
  ['a'],
  [{}],
  {},
  { name: 'Acme' },
  { name: '' },
  { name: 'Acme', extra: 1 },
  { name: 'Acme', address: null, id: 'X1' },
  { from: '2024-01-01', to: '2024-03-01' },
  { from: '2024-03-01', to: '2024-01-01' },
  { from: '2024-01-01' },
  { cfr: '164.508', permitted: true, authorizationId: 'A1', rationale: null },
  { cfr: null, permitted: false },
  { cfr: null, permitted: true },
  { cfr: 'bad', permitted: true },
  { permitted: 'yes' },
  { part2: false, minorConsented: false },
  { part2: 'no', minorConsented: false },
  { part2: true },
  { type: 'self' },
  { type: 'representative' },
  { type: 'representative', personId: 'P1' },
  { type: 'self', personId: 'bad id!' },
  [disclosure],
  Array.from({ length: 1001 }, () => ({})),
];

function propertiesOf(type: DtoClass): string[] {
  const metadatas = (
    getMetadataStorage() as unknown as {
      getTargetValidationMetadatas(t: DtoClass, s: string, a: boolean, g: boolean): { propertyName: string }[];
    }
  ).getTargetValidationMetadatas(type, '', false, false);
  return [...new Set(metadatas.map((m) => m.propertyName))];
}

const recipient = { name: 'Acme Claims Processing LLC', address: null, id: 'BA-ACME' };
const party = { name: 'State University', address: '1 University Plaza', phone: null };
/** A valid body for each request DTO, from api.md's examples. */
const SAMPLES: Record<string, Record<string, unknown>> = {
  RecordDisclosureRequestDto: disclosure,
  RecordUseRequestDto: {
    useId: 'U1',
    memberId: 'M1',
    occurredAt: '2024-01-02T10:00:00Z',
    actor: { id: 'EMP-1', name: 'Claims analyst', role: 'claims' },
    action: 'view',
    phiDescription: 'Claim history',
    purposeOfUse: 'HPAYMT',
    sourceSystem: 'claims',
    context: { kind: 'claim', id: 'CLM-1' },
  },
  RegisterResearchProtocolRequestDto: {
    protocolId: 'P1',
    name: 'Diabetes outcomes',
    description: 'Outcomes study',
    selectionCriteria: 'Type 2 diabetes',
    phiTypes: 'Claims',
    sponsor: party,
    researcher: party,
    cohortSize: 60,
  },
  BatchRequestDto: { items: [disclosure] },
  CorrectDisclosureRequestDto: {
    correctionId: 'C1',
    changes: { purpose: 'Corrected purpose', recipient, occurredPeriod: { from: '2024-01-01', to: '2024-01-31' } },
    reason: 'Typo',
  },
  VoidDisclosureRequestDto: { voidId: 'V1', reason: 'Recorded twice' },
  RecordAuthorizationRequestDto: {
    authorizationId: 'A1',
    recipient,
    purpose: 'Employment',
    phiScope: 'Claims 2023',
    signedOn: '2024-01-01',
    expiresOn: '2025-01-01',
  },
  RevokeAuthorizationRequestDto: { revokedOn: '2024-06-01' },
  RecordHieConsentRequestDto: { consentId: 'H1', decision: 'opt-out', effectiveAt: '2024-01-01T00:00:00Z' },
  RecordDeathRequestDto: { diedOn: '2024-08-01' },
  RecordCustodyPeriodRequestDto: { custodyId: 'K1', from: '2024-01-01', until: null },
  RecordRepresentativeRequestDto: {
    representativeId: 'R1',
    personId: 'P1',
    kind: 'parent',
    from: '2024-01-01',
    until: null,
    declinedBasis: null,
  },
  RecordAccountingRequestDto: {
    requestId: 'Q1',
    memberId: 'M1',
    requester: { type: 'representative', personId: 'P1' },
    receivedAt: '2024-05-01T12:00:00Z',
    period: { from: '2020-01-01', to: '2024-04-30' },
  },
  ExtensionRequestDto: { sentAt: '2024-05-20T12:00:00Z', reason: 'Records in archive', newDueOn: '2024-07-29' },
  FeeNoticeRequestDto: { sentAt: '2024-05-20T12:00:00Z', amount: 12.5 },
  ModificationRequestDto: { period: { from: '2022-01-01', to: '2023-12-31' } },
  WithdrawalRequestDto: { withdrawnAt: '2024-05-21T09:00:00Z' },
  FulfilmentRequestDto: { providedAt: '2024-05-22T09:00:00Z', format: 'json' },
  RecordSuspensionRequestDto: {
    suspensionId: 'S1',
    agency: 'OMIG',
    form: 'written',
    statedAt: '2024-05-01T10:00:00Z',
    until: '2024-08-01',
    officialIdentity: null,
    memberIds: ['M1', 'M2'],
  },
  WrittenStatementRequestDto: { receivedAt: '2024-05-02T10:00:00Z', until: '2024-08-01' },
  RecordAddressStateRequestDto: { addressId: 'AD1', state: 'NY', effectiveOn: '2024-07-01' },
  RecordPrivacyProfileRequestDto: {
    profileId: 'PP1',
    surname: 'García',
    address: '12 Elm Street',
    vip: true,
    workforceActorId: 'W-1',
  },
  OpenIncidentRequestDto: { incidentId: 'I1', title: 'Pixel', discoveredOn: '2025-03-01', disclosureIds: ['E1', 'E2'] },
  GroupDisclosuresRequestDto: { disclosureIds: ['E3'] },
  ReviseDiscoveryRequestDto: { discoveredOn: '2025-02-27', reason: 'earlier report found' },
  RiskAssessmentRequestDto: {
    natureAndExtent: 'member ids, page URLs',
    unauthorizedRecipient: 'ad platform',
    acquiredOrViewed: 'acquired',
    mitigation: 'pixel removed',
    lowProbability: false,
    assessedOn: '2025-03-10',
  },
  BreachExceptionRequestDto: { exception: '164.402(1)(iii)', rationale: 'returned unopened' },
  LawEnforcementDelayRequestDto: {
    form: 'oral',
    statedOn: '2025-03-05',
    until: null,
    official: 'Det. Smith',
    confirmedInWriting: { receivedOn: '2025-03-20', until: '2025-05-01' },
  },
  ConclusionRequestDto: { conclusion: 'breach', concludedOn: '2025-03-15' },
  NoticeRequestDto: { kind: 'media', sentOn: '2025-04-01', count: null, states: ['NY'] },
};

const EXTRA_KEYS = ['unknownField', 'constructor', 'id', 'toString'];

/**
 * Bodies for a DTO: its valid sample with up to three fields left out or replaced by pool values (one level
 * down too), or any subset of its fields with pool values; sometimes with an unknown field.
 */
function bodies(type: DtoClass) {
  const sample = SAMPLES[type.name];
  const fields = propertiesOf(type);
  const poolValue = fc.constantFrom(...POOL);
  const mutate = (base: Record<string, unknown>, keys: string[]) =>
    fc
      .array(fc.tuple(fc.constantFrom(...keys), fc.option(poolValue, { nil: undefined, freq: 3 })), { maxLength: 3 })
      .map((changes) => {
        const body = { ...base };
        for (const [key, value] of changes)
          if (value === undefined) delete body[key];
          else body[key] = value;
        return body;
      });
  const nestedKeys = Object.keys(sample).filter(
    (k) => sample[k] !== null && typeof sample[k] === 'object' && !Array.isArray(sample[k]),
  );
  const mutatedNested =
    nestedKeys.length === 0
      ? mutate(sample, fields)
      : fc
          .constantFrom(...nestedKeys)
          .chain((k) =>
            mutate(sample[k] as Record<string, unknown>, [...Object.keys(sample[k] as object), 'unknownField']).map(
              (v) => ({ ...sample, [k]: v }),
            ),
          );
  const random = fc.record(Object.fromEntries(fields.map((f) => [f, poolValue])), { requiredKeys: [] });
  return (
    fc
      .tuple(
        fc.oneof(mutate(sample, fields), mutatedNested, random),
        fc.option(fc.constantFrom(...EXTRA_KEYS), { nil: undefined, freq: 4 }),
      )
      // as JSON.parse makes them: ordinary objects (fast-check may build null-prototype ones)
      .map(([body, extra]) => (extra ? { ...body, [extra]: 'E2' } : { ...body }))
  );
}

describe('compiled acceptance check for request bodies', () => {
  it('compiles every request DTO (none falls back to class-validator for every request)', () => {
    expect(DTOS.length).toBeGreaterThanOrEqual(20);
    for (const type of DTOS) expect([type.name, acceptsAsIs(type) !== null]).toEqual([type.name, true]);
  });

  it('accepts a realistic disclosure, and rejects it with each field broken the way class-validator does', () => {
    const accepts = acceptsAsIs(RecordDisclosureRequestDto)!;
    expect(accepts(disclosure)).toBe(true);
    const broken: unknown[] = [
      { ...disclosure, disclosureId: 'bad id!' },
      { ...disclosure, memberId: undefined },
      { ...disclosure, occurredAt: '2023-02-30T00:00:00Z' },
      { ...disclosure, occurredPeriod: { from: '2023-01-01', to: '2023-02-01' } },
      { ...disclosure, recipient: null },
      { ...disclosure, recipient: { name: 'x', extra: 1 } },
      { ...disclosure, channel: 'fax' },
      { ...disclosure, phiDescription: '' },
      { ...disclosure, legalBasis: { ...disclosure.legalBasis, permitted: 'true' } },
      { ...disclosure, sensitivity: [] },
      { ...disclosure, sensitivity: { part2: false } },
      { ...disclosure, unknown: 1 },
      [disclosure],
      null,
      'text',
    ];
    for (const body of broken) {
      expect(accepts(body)).toBe(false);
      if (body !== null && typeof body === 'object' && !Array.isArray(body))
        expect(classValidatorAccepts(RecordDisclosureRequestDto, body)).toBe(false);
    }
  });

  it('has a valid sample for every request DTO', () => {
    for (const type of DTOS)
      expect([type.name, classValidatorAccepts(type, SAMPLES[type.name])]).toEqual([type.name, true]);
  });

  it.each(DTOS.map((type) => [type.name, type] as const))(
    '%s: never accepts what class-validator rejects, and accepts what it accepts',
    (_, type) => {
      const accepts = acceptsAsIs(type)!;
      let valid = 0;
      let invalid = 0;
      fc.assert(
        fc.property(bodies(type), (body) => {
          const expected = classValidatorAccepts(type, body);
          if (expected) valid++;
          else invalid++;
          // class-transformer drops keys named like Object.prototype's members ("constructor", "toString") before
          // class-validator sees them: the compiled check refuses them and leaves such a body to class-validator
          // (stricter is safe, only slower)
          if (Object.keys(body).some((k) => k in Object.prototype)) expect(accepts(body) && !expected).toBe(false);
          else expect(accepts(body)).toBe(expected);
        }),
        { numRuns: 1000, seed: 528 },
      );
      // both sides reached: the generator makes valid bodies and invalid ones
      expect(valid).toBeGreaterThan(50);
      expect(invalid).toBeGreaterThan(50);
    },
  );
});
