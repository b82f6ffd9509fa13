#!/usr/bin/env node
// npm run synth: brings lib/ up to date for what synth runs, then runs
// charts/main in this process. Only the TypeScript files that changed since
// their lib/ output are transpiled, one by one (TypeScript's transpileModule,
// with the project's compiler options); with nothing changed the compiler is
// not even loaded. Type-checking is `npm test`'s job (tsc -b --strict).
'use strict';
const { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } = require('fs');
const { dirname, join, relative } = require('path');

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'lib');
// What synth can import: the folders tsconfig.synth.json compiles.
const SOURCES = ['charts', 'check', 'diff'];

function* typescriptFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* typescriptFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

const mtime = (path) => { try { return statSync(path).mtimeMs; } catch { return -1; } };
const stale = SOURCES.flatMap((dir) => [...typescriptFiles(join(ROOT, dir))])
  .map((source) => ({ source, output: join(OUT, relative(ROOT, source)).replace(/\.ts$/, '.js') }))
  .filter(({ source, output }) => mtime(output) < mtime(source));

if (stale.length > 0) {
  const ts = require('typescript');
  const { config } = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
  for (const { source, output } of stale) {
    const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), { compilerOptions: options, fileName: source });
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, outputText);
  }
}
require(join(OUT, 'charts', 'main.js'));
