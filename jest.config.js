/** Jest on Node 20 with ESM (see ../shared/docs/toolchain.md). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  testTimeout: 120000,
  maxWorkers: 1,
  globalSetup: '<rootDir>/test/support/postgres-global-setup.js',
  globalTeardown: '<rootDir>/test/support/postgres-global-teardown.js',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
