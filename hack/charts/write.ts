// Writes charts as a Vega-Lite spec (name.vl.json: open it in the Vega editor
// to explore) and its SVG (name.svg) beside it. Drawing runs in a child
// process because Vega is ESM-only and the callers (jest) are CommonJS.
import { execFileSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { Spec } from './timeline';

const ROOT = join(__dirname, '..', '..');

/** Writes every chart into dir; returns the SVGs' paths. */
export function writeCharts(dir: string, charts: Readonly<Record<string, Spec>>): string[] {
  mkdirSync(dir, { recursive: true });
  const specs = Object.entries(charts).map(([name, spec]) => {
    const file = join(dir, `${name}.vl.json`);
    writeFileSync(file, `${JSON.stringify(spec, null, 2)}\n`);
    return file;
  });
  if (specs.length > 0) {
    execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, 'render.mts'), ...specs], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  }
  return specs.map((f) => f.replace(/\.vl\.json$/, '.svg'));
}
