/** @type {import('jest').Config} The unit tier: every *.test.ts (the template's under test/, the harness's under hack/). */
module.exports = {
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  // tsconfig's isolatedModules makes ts-jest transpile only; `npm test` type-checks.
  transform: { '^.+\\.ts$': 'ts-jest' },
  testEnvironment: 'node',
};
