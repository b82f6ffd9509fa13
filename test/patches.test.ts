// patches/ (applied by patch-package on npm install): @pulumi/pulumi loads
// TypeScript, @npmcli/arborist and the OpenTelemetry exporters only when they
// are used, not on import: about 0.8 s of every `pulumi preview` and `up`.
import { execFileSync } from 'child_process';

/** Runs a script in a fresh Node process (jest's module registry would hide what loads) and returns its output. */
const node = (script: string) => execFileSync('node', ['-e', script], { encoding: 'utf8', cwd: `${__dirname}/..` });

const LOADED = `
  const heavy = /node_modules\\/(typescript|@npmcli\\/arborist|@opentelemetry\\/sdk-trace-node)\\//;
  const loaded = () => [...new Set(Object.keys(require.cache).filter((f) => heavy.test(f)).map((f) => f.match(heavy)[1]))].sort();
`;

test('importing the SDK and the program runner loads none of them', () => {
  const out = node(`${LOADED}
    require('@pulumi/pulumi'); require('@pulumi/kubernetes'); require('@pulumi/pulumi/cmd/run/tracing');
    console.log(JSON.stringify(loaded()));`);
  expect(JSON.parse(out)).toStrictEqual([]);
});

test('closure serialization still loads and uses them on first use', () => {
  const out = node(`${LOADED}
    const pulumi = require('@pulumi/pulumi');
    const answer = 42;
    Promise.all([pulumi.runtime.serializeFunction(() => answer), pulumi.runtime.computeCodePaths()])
      .then(([closure, paths]) => console.log(JSON.stringify({ captured: closure.text.includes('answer: 42'), paths: paths.size > 0, loaded: loaded() })));`);
  expect(JSON.parse(out)).toStrictEqual({ captured: true, paths: true, loaded: ['@npmcli/arborist', 'typescript'] });
});
