/** @type {import('jest').Config} End-to-end tier: `npm run test:e2e`, against a real control plane. */
module.exports = {
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transform: require('./jest.config').transform,
  testEnvironment: 'node',
  // Steps share one cluster and one stack, in order.
  maxWorkers: 1,
  verbose: true,
};
