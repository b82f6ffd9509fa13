/** @type {import('jest').Config} */
module.exports = {
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // tsconfig's isolatedModules makes ts-jest transpile only; `npm run build` type-checks.
    '^.+\\.ts$': 'ts-jest',
  },
  testEnvironment: 'node',
};
