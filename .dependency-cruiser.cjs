/**
 * The floor plan, enforced: `npm run lint:layout` (part of `npm test`) fails on any import this forbids, naming the
 * rule. docs/architecture.md draws the same arrows. Each folder of src/ may import only the folders listed for it;
 * the list is a directed acyclic graph, so no two folders can ever depend on each other. Specs (*.spec.ts) may reach
 * across folders to build realistic subjects; the rules hold for production code.
 */
const LAYERS = {
  events: { may: [], why: 'the durable schema: every event and its payload' },
  rules: { may: ['events'], why: 'the regulation as pure functions' },
  config: { may: ['rules', 'events'], why: 'environment variables, validated; the plan policy they set' },
  'event-store': { may: [], why: 'stores envelopes; knows no domain' },
  http: { may: ['events', 'rules', 'config', 'event-store'], why: 'problem details, validation, PHI-free logging' },
  auth: { may: ['config', 'http'], why: 'tokens, roles, the guard' },
  projections: { may: ['event-store', 'config'], why: 'runs read models it is given; knows none of them' },
  ops: { may: ['auth', 'config', 'event-store', 'projections'], why: 'health, metrics, the stream catalogue' },
  commands: {
    may: ['auth', 'config', 'event-store', 'events', 'http', 'ops', 'rules'],
    why: 'the one command handler and what every use case shares; knows no use case',
  },
  'access-log': {
    may: ['auth', 'config', 'event-store', 'events', 'http', 'projections'],
    why: "every read of a member's records, recorded (164.312(b)): the batcher, its read model and reader",
  },
  integrity: {
    may: ['auth', 'config', 'event-store', 'http', 'projections'],
    why: 'the Merkle log, checkpoints, proofs, the audit',
  },
  ledger: {
    may: ['auth', 'commands', 'config', 'events', 'http', 'rules'],
    why: 'the write side: one folder per use case; never the accounting (shared rules are in rules/)',
  },
  accounting: {
    may: [
      'access-log',
      'auth',
      'commands',
      'config',
      'event-store',
      'events',
      'http',
      'integrity',
      'projections',
      'rules',
    ],
    why: 'the read side of 164.528: engine, read model, queries, suspensions, requests',
  },
  'access-report': {
    may: ['access-log', 'accounting', 'auth', 'config', 'event-store', 'events', 'http', 'projections', 'rules'],
    why: 'every use, not only disclosures: the member access report and the snooping signals',
  },
  audit: { may: ['access-log', 'accounting', 'auth', 'events', 'http', 'projections'], why: "auditors' queries" },
  cli: { may: ['app', 'auth', 'config', 'http', 'integrity', 'ledger', 'projections'], why: 'the phi-ledger command' },
  app: { may: null, why: 'the composition root: main, modules, infrastructure, the projections registered' },
};

const notSpec = '\\.spec\\.ts$';

const layerRules = Object.entries(LAYERS)
  .filter(([, layer]) => layer.may !== null)
  .map(([folder, layer]) => ({
    name: `layer-${folder}`,
    comment: `${folder}/ (${layer.why}) may import only ${layer.may.length ? layer.may.join(', ') : 'itself'}`,
    severity: 'error',
    from: { path: `^src/${folder}/`, pathNot: notSpec },
    to: { path: '^src/', pathNot: `^src/(${[folder, ...layer.may].join('|')})/` },
  }));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-unknown-folder',
      comment: `a new folder of src/ needs its place in LAYERS (.dependency-cruiser.cjs) and in docs/architecture.md`,
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/(${Object.keys(LAYERS).join('|')})/` },
      to: {},
    },
    {
      name: 'production-code-is-not-test-code',
      comment: 'src/ (but specs) never imports test/',
      severity: 'error',
      from: { path: '^src/', pathNot: notSpec },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      comment:
        'no import cycles at run time (a cycle closed only by a type import, such as a decider reading its command type, loads fine)',
      severity: 'error',
      from: { path: '^src/', pathNot: notSpec },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
