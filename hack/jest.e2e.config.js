/** @type {import('jest').Config} End-to-end tier: `hack/run e2e`, against the local cluster's real control plane and nodes. */
module.exports = {
  rootDir: '..',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transform: require('../jest.config').transform,
  testEnvironment: 'node',
  // Steps share one cluster and one stack, in order.
  maxWorkers: 1,
  verbose: true,
};
