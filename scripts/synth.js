#!/usr/bin/env node
// npm run synth: brings lib/ up to date for what synth runs (scripts/transpile.js),
// then runs charts/main in this process and records what it read and wrote
// (charts/synth-record). With nothing changed since that record, there is
// nothing to do: the same inputs render and check to the same bytes.
//   npm run synth -- --force    render and check again regardless
'use strict';
const { join } = require('path');
const { transpileChanged } = require('./transpile');

// What synth can import: the folders tsconfig.synth.json compiles.
transpileChanged(['charts', 'check', 'diff']).then((lib) => {
  const { recordSynth, synthIsCurrent } = require(join(lib, 'charts', 'synth-record.js'));
  if (!process.argv.includes('--force') && synthIsCurrent()) {
    console.log('dist/ is up to date: nothing synth reads has changed since it wrote and checked these files (--force renders again)');
    return;
  }
  require(join(lib, 'charts', 'main.js')); // exits 1, dist/ untouched, on any error
  recordSynth();
}, (err) => {
  console.error(`synth failed, dist/ left unchanged: ${err.message}`);
  process.exit(1);
});
