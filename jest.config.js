/** @type {import('jest').Config} The unit tier: every *.test.ts (the template's under test/, the harness's under hack/). */
module.exports = {
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  // SWC strips the types and `npm test` type-checks with tsc: ts-jest needs
  // TypeScript's JavaScript API, which TypeScript 7 does not ship.
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  testEnvironment: 'node',
  // Many tests wait on the processes they run (synth, the check's tools): a worker per core, not
  // jest's default of one fewer, keeps every core busy.
  maxWorkers: '100%',
  // A guard against a hang, not a speed target: the tests that run real programs (synth, the
  // check's tools) run several at once, and share two cores with the Go tests.
  testTimeout: 60_000,
};
