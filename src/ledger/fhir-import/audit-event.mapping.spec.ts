import { describe, expect, it } from '@jest/globals';
import { LEDGER_EXTENSION, MEMBER_ID_SYSTEM } from '../../events/fhir-interchange.js';
import { disclosureFromAuditEvent, elementOf } from './audit-event.mapping.js';

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';

/** A BALP PrivacyDisclosure.Source AuditEvent as another system would send it, with our ledger extension. */
const event = (over: Record<string, unknown> = {}) => ({
  resourceType: 'AuditEvent',
  id: 'ae-1',
  extension: [
    {
      url: LEDGER_EXTENSION,
      extension: [
        { url: 'disclosureId', valueString: 'D-1' },
        { url: 'legalBasis', valueString: '164.512(b)(1)(i)' },
        { url: 'permitted', valueBoolean: true },
        { url: 'channel', valueCode: 'government' },
        { url: 'recipientAddress', valueString: '100 Capitol Ave' },
      ],
    },
  ],
  type: { system: DCM, code: '110106', display: 'Export' },
  subtype: [{ system: 'http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle', code: 'disclose' }],
  action: 'R',
  period: { start: '2025-01-15T15:00:00Z', end: '2025-01-15T15:00:00Z' },
  recorded: '2025-01-15T15:00:05Z',
  purposeOfEvent: [
    { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'PUBHLTH' }], text: 'Reporting' },
  ],
  agent: [
    { type: { coding: [{ system: DCM, code: '110153' }] }, who: { display: 'Example Plan' }, requestor: false },
    {
      type: { coding: [{ system: DCM, code: '110152' }] },
      who: { identifier: { value: 'PHA-1' }, display: 'State Dept. of Health' },
      requestor: false,
    },
  ],
  source: { observer: { display: 'Example Plan' } },
  entity: [
    { what: { identifier: { system: MEMBER_ID_SYSTEM, value: 'M-1' } }, role: { code: '1' } },
    { role: { code: '3' }, description: 'Immunization history' },
  ],
  ...over,
});

describe('a BALP PrivacyDisclosure AuditEvent as a disclosure command body', () => {
  it('maps every field the native command has', () => {
    expect(disclosureFromAuditEvent(event())).toEqual({
      body: {
        disclosureId: 'D-1',
        memberId: 'M-1',
        occurredAt: '2025-01-15T15:00:00Z',
        recipient: { name: 'State Dept. of Health', address: '100 Capitol Ave', id: 'PHA-1' },
        channel: 'government',
        madeBy: null, // our extension has no madeBy: the plan made it (the source agent names the plan)
        phiDescription: 'Immunization history',
        purpose: 'Reporting',
        purposeOfUse: 'PUBHLTH',
        legalBasis: { cfr: '164.512(b)(1)(i)', permitted: true },
        writtenRequestRef: null,
        researchProtocolId: null,
        sensitivity: { part2: false, minorConsented: false },
      },
    });
  });

  it('a period of dates is a disclosure known only by its period (OCR FAQ 466)', () => {
    const mapped = disclosureFromAuditEvent(event({ period: { start: '2025-03-01', end: '2025-03-03' } }));
    expect(mapped.unmapped).toBeUndefined();
    expect(mapped).toMatchObject({ body: { occurredPeriod: { from: '2025-03-01', to: '2025-03-03' } } });
  });

  it('without a period the event was recorded when the disclosure happened (BALP Source); Patient/{id} names the member', () => {
    const mapped = disclosureFromAuditEvent(
      event({
        period: undefined,
        entity: [{ what: { reference: 'Patient/M-9' }, role: { code: '1' } }, { description: 'x' }],
      }),
    );
    expect(mapped).toMatchObject({ body: { occurredAt: '2025-01-15T15:00:05Z', memberId: 'M-9' } });
  });

  it('from a system without our extension: the id is AuditEvent.id, madeBy the source agent, but the legal basis cannot be mapped', () => {
    expect(disclosureFromAuditEvent(event({ extension: undefined }))).toEqual({
      unmapped: [
        {
          element: `extension[${LEDGER_EXTENSION}].permitted`,
          message: 'a legal basis has no FHIR element: give legalBasis and permitted in the ledger extension',
        },
      ],
    });
  });

  it('names every element it cannot map, and never echoes a value', () => {
    const mapped = disclosureFromAuditEvent(
      event({ type: { code: '110100' }, agent: [], entity: [], purposeOfEvent: undefined }),
    );
    expect(mapped.unmapped?.map((u) => u.element)).toEqual([
      'type',
      'agent[recipient]',
      'entity[patient].what',
      'entity[data].description',
      'purposeOfEvent.text',
    ]);
    expect(disclosureFromAuditEvent({ resourceType: 'Patient' })).toEqual({
      unmapped: [{ element: 'resourceType', message: 'must be AuditEvent' }],
    });
  });

  it('a field the command refuses is named by the FHIR element it came from', () => {
    expect(elementOf('recipient.name')).toBe('agent[recipient].who.display');
    expect(elementOf('occurredPeriod.to')).toBe('period');
    expect(elementOf('legalBasis.cfr')).toBe(`extension[${LEDGER_EXTENSION}].legalBasis`);
  });
});
