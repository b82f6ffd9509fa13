#!/usr/bin/env node
// npm run synth: brings lib/ up to date for what synth runs (scripts/transpile.js),
// then runs charts/main in this process.
'use strict';
const { join } = require('path');
const { transpileChanged } = require('./transpile');

// What synth can import: the folders tsconfig.synth.json compiles.
const lib = transpileChanged(['charts', 'check', 'diff']);
require(join(lib, 'charts', 'main.js'));
