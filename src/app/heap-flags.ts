/**
 * Prints the V8 flags the service starts with, for LEDGER_MEMORY_MB (config/memory.ts): `npm start` and the
 * Dockerfile run `node $(node dist/app/heap-flags.js) dist/app/main.js`. A value the configuration would refuse
 * prints the defaults: the service itself then stops, saying why.
 */
import { v8HeapFlags } from '../config/memory.js';

const given = Number(process.env.LEDGER_MEMORY_MB);
const budget = Number.isInteger(given) && given >= 128 ? given : undefined;
process.stdout.write(`${v8HeapFlags(budget).join(' ')}\n`);
