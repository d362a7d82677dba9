// Writes docs/fhir/StructureDefinition-ledger-disclosure.json from the built code (npm run docs:fhir).
import { writeFileSync } from 'node:fs';
import { ledgerExtensionDefinition } from '../dist/accounting/reports/fhir-profile.js';

const file = 'docs/fhir/StructureDefinition-ledger-disclosure.json';
writeFileSync(file, `${JSON.stringify(ledgerExtensionDefinition(), null, 2)}\n`);
console.log(`wrote ${file}`);
