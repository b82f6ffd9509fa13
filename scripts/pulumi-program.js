// Pulumi.yaml's main. Runs deploy/ compiled, brought up to date here first
// (scripts/transpile.js), so a plain `pulumi up` always runs the current sources.
// Why not Pulumi's ts-node: transpiling deploy/ and charts/ on every run costs
// about 0.5 s of each preview and up. Type-checking is `npm test`'s job.
'use strict';
const { join } = require('path');
const { transpileChanged } = require('./transpile');

// deploy/ imports charts/: the dist/ freshness check renders the charts again.
const lib = transpileChanged(['charts', 'deploy']);
module.exports = require(join(lib, 'deploy', 'index.js'));
