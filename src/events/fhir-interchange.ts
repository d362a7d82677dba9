/**
 * The FHIR R4 interchange form of a disclosure (regulation.md §2.2, §2.7): an IHE BALP PrivacyDisclosure AuditEvent.
 * The export (accounting/reports/fhir.ts) writes it and the import (ledger/fhir-import/) reads it, so the codes and
 * the extension our fields travel in are named once, here. The extension is published in
 * docs/fhir/StructureDefinition-ledger-disclosure.json.
 */
export const LEDGER_EXTENSION = 'https://phi-ledger.org/fhir/StructureDefinition/ledger-disclosure';
export const MEMBER_ID_SYSTEM = 'urn:phi-ledger:member-id';
export const BALP_SOURCE_PROFILE =
  'https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PrivacyDisclosure.Source';
export const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
export const ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
export const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
export const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
export const LIFECYCLE = 'http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle';

/** DICOM codes: the event (Export by the discloser, Import by the recipient) and the agents' roles. */
export const DCM_EXPORT = '110106';
export const DCM_IMPORT = '110107';
export const DCM_SOURCE = '110153';
export const DCM_DESTINATION = '110152';
/** object-role codes of the entities */
export const ROLE_PATIENT = '1';
export const ROLE_REPORT = '3';

export interface LedgerPart {
  name: string;
  type: 'string' | 'boolean' | 'code';
  min: 0 | 1;
  max: '1' | '*';
  definition: string;
}

/** The parts of the ledger extension, each a sub-extension `{ url: name, value[x] }` (docs/fhir/). */
export const LEDGER_PARTS: readonly LedgerPart[] = [
  {
    name: 'disclosureId',
    type: 'string',
    min: 1,
    max: '1',
    definition: 'The disclosure id in the ledger (the id of the command that recorded it).',
  },
  {
    name: 'legalBasis',
    type: 'string',
    min: 0,
    max: '1',
    definition:
      'The CFR citation the disclosure was made under, e.g. 164.512(b)(1)(i); absent only when it was not permitted.',
  },
  {
    name: 'permitted',
    type: 'boolean',
    min: 1,
    max: '1',
    definition:
      'Whether the disclosure was permitted, as the ledger judged it (false: flagged for a breach assessment, 164.402).',
  },
  {
    name: 'channel',
    type: 'code',
    min: 0,
    max: '1',
    definition:
      'How it was disclosed: hie, ohca, employer, legal, government, business-associate, research, advertising, tracking-technology, social-media, affiliate, individual, family or other.',
  },
  {
    name: 'madeBy',
    type: 'string',
    min: 0,
    max: '1',
    definition:
      "The business associate that made the disclosure on the plan's behalf (164.528(b)(1)); absent when the plan made it.",
  },
  {
    name: 'recipientAddress',
    type: 'string',
    min: 0,
    max: '1',
    definition: "The recipient's address, if known (164.528(b)(2)(ii)).",
  },
  {
    name: 'writtenRequestRef',
    type: 'string',
    min: 0,
    max: '1',
    definition: 'The written request for the disclosure, given in place of a statement of purpose (164.528(b)(2)(iv)).',
  },
  {
    name: 'researchProtocolId',
    type: 'string',
    min: 0,
    max: '1',
    definition: 'The research protocol of a 164.512(i) disclosure (164.528(b)(4)).',
  },
  {
    name: 'minorConsented',
    type: 'boolean',
    min: 0,
    max: '1',
    definition: 'The care the information is about was consented to by the minor (164.502(g)(3)).',
  },
  {
    name: 'entryType',
    type: 'code',
    min: 0,
    max: '1',
    definition:
      'How the accounting lists the disclosure: disclosure, summary (164.528(b)(3)) or research (164.528(b)(4)).',
  },
  {
    name: 'traceCode',
    type: 'code',
    min: 0,
    max: '1',
    definition:
      "Why the accounting leaves the disclosure out (EXCL_TPO, OUT_OF_WINDOW, SUSPENDED, ...); only in the privacy office's export.",
  },
  {
    name: 'flag',
    type: 'code',
    min: 0,
    max: '*',
    definition: 'impermissible (not permitted: assess as a breach) or voided (entered in error).',
  },
];
