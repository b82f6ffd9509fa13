// Pulumi.yaml's main. Runs deploy/ compiled, brought up to date here first
// (scripts/transpile.js), so a plain `pulumi up` always runs the current sources.
// Why not Pulumi's ts-node: transpiling deploy/ and charts/ on every run costs
// about 0.5 s of each preview and up. Type-checking is `npm test`'s job.
'use strict';
const { join } = require('path');
const { transpileChanged } = require('./transpile');

// Pulumi runs an exported function and awaits its result: the stack outputs.
// deploy/ imports charts/: the dist/ freshness check may render the charts again.
module.exports = async () => {
  let lib;
  try {
    lib = await transpileChanged(['charts', 'deploy']);
  } catch (err) {
    // A RunError with a one-line stack prints as its message alone, at once
    // (a full stack costs Pulumi 20 s to format: see deploy/input-error.ts).
    const { RunError } = require('@pulumi/pulumi');
    const error = new RunError(`the program does not compile: ${err.message}`);
    error.stack = `RunError: ${error.message}`;
    throw error;
  }
  return require(join(lib, 'deploy', 'index.js'))();
};
