// Brings lib/ up to date for the given source folders: only the TypeScript
// files newer than their lib/ output are transpiled, one by one (TypeScript's
// transpileModule, with the project's compiler options). With nothing changed
// the compiler is not even loaded. Type-checking is `npm test`'s job (tsc -b --strict).
'use strict';
const { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } = require('fs');
const { dirname, join, relative } = require('path');

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'lib');

function* typescriptFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* typescriptFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

const mtime = (path) => { try { return statSync(path).mtimeMs; } catch { return -1; } };

/** Transpiles what changed under `folders` (relative to the repository) into lib/; returns lib/. */
function transpileChanged(folders) {
  const stale = folders.flatMap((dir) => [...typescriptFiles(join(ROOT, dir))])
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
  return OUT;
}

module.exports = { transpileChanged };
