// `node --import tsx hack/charts/render.mts a.vl.json [b.vl.json ...]`: draws
// each Vega-Lite spec as SVG beside it (a.svg), headless: Vega's own SVG
// renderer, no browser and no canvas. ESM because Vega is.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, View } from 'vega';
import { compile } from 'vega-lite';

for (const file of process.argv.slice(2)) {
  if (!file.endsWith('.vl.json')) {
    throw new Error(`render: invalid argument ${JSON.stringify(file)}: want a Vega-Lite spec named *.vl.json`);
  }
  const view = new View(parse(compile(JSON.parse(readFileSync(file, 'utf8'))).spec), { renderer: 'none' });
  writeFileSync(file.replace(/\.vl\.json$/, '.svg'), `${await view.toSVG()}\n`);
  view.finalize();
}
