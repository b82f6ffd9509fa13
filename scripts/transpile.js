// Brings lib/ up to date for the given source folders: only the TypeScript
// files newer than their lib/ output are transpiled, each on its own, by
// esbuild's service: one process for the batch, about 0.02 s for an edited
// file, where loading the TypeScript compiler took 0.4 s and esbuild's
// synchronous API 0.1 s. With nothing changed esbuild is not even loaded.
// Type-checking is `npm test`'s job (tsc -b --strict, which also writes lib/).
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

/** esbuild's first error as one line: `charts/hello-app.ts:12:4: Expected ";" but found "x"`. */
function oneLine(err) {
  const first = err.errors?.[0];
  if (!first) return err.message;
  // esbuild counts columns from 0; editors and compilers from 1.
  const where = first.location ? `${first.location.file}:${first.location.line}:${first.location.column + 1}: ` : '';
  return `${where}${first.text}`;
}

/** Transpiles what changed under `folders` (relative to the repository) into lib/; resolves to lib/. */
async function transpileChanged(folders) {
  const stale = folders.flatMap((dir) => [...typescriptFiles(join(ROOT, dir))])
    .map((source) => ({ source, output: join(OUT, relative(ROOT, source)).replace(/\.ts$/, '.js') }))
    .filter(({ source, output }) => mtime(output) < mtime(source));
  if (stale.length === 0) {
    return OUT;
  }
  const esbuild = require('esbuild');
  // The project's compiler options (target, class fields, module interop), as tsc reads them.
  const tsconfigRaw = readFileSync(join(ROOT, 'tsconfig.json'), 'utf8');
  try {
    await Promise.all(stale.map(async ({ source, output }) => {
      const { code } = await esbuild.transform(readFileSync(source, 'utf8'), {
        loader: 'ts', format: 'cjs', target: 'es2022', platform: 'node', sourcefile: relative(ROOT, source), tsconfigRaw,
      }).catch((err) => { throw new Error(oneLine(err)); });
      mkdirSync(dirname(output), { recursive: true });
      writeFileSync(output, code);
    }));
  } finally {
    await esbuild.stop();
  }
  return OUT;
}

module.exports = { transpileChanged };
