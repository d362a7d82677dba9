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

/** The parts of the ledger extension, each carried as a sub-extension `{ url: name, value[x] }`. */
export const LEDGER_PARTS = [
  'disclosureId',
  'legalBasis',
  'permitted',
  'channel',
  'madeBy',
  'recipientAddress',
  'writtenRequestRef',
  'researchProtocolId',
  'minorConsented',
  'entryType',
  'traceCode',
  'flag',
] as const;
