// patches/ (applied by patch-package on npm install): @pulumi/pulumi loads
// TypeScript, @npmcli/arborist and the OpenTelemetry exporters only when they
// are used, not on import: about 0.7 s of every `pulumi preview` and `up`.
import { execFileSync } from 'child_process';

test('importing the SDK and the program runner loads none of them; closure serialization still does, on first use', () => {
  // A fresh Node process: jest's module registry would hide what loads.
  const out = execFileSync('node', ['-e', `
    const heavy = /node_modules\\/(typescript|@npmcli\\/arborist|@opentelemetry\\/sdk-trace-node)\\//;
    const loaded = () => [...new Set(Object.keys(require.cache).filter((f) => heavy.test(f)).map((f) => f.match(heavy)[1]))].sort();
    const pulumi = require('@pulumi/pulumi');
    require('@pulumi/kubernetes');
    require('@pulumi/pulumi/cmd/run/tracing');
    const onImport = loaded();
    const answer = 42;
    Promise.all([pulumi.runtime.serializeFunction(() => answer), pulumi.runtime.computeCodePaths()])
      .then(([closure, paths]) => console.log(JSON.stringify({ onImport, captured: closure.text.includes('answer: 42'), paths: paths.size > 0, onUse: loaded() })));`,
  ], { encoding: 'utf8', cwd: `${__dirname}/..`, env: { ...process.env, NODE_NO_WARNINGS: '1' } });
  expect(JSON.parse(out)).toStrictEqual({ onImport: [], captured: true, paths: true, onUse: ['@npmcli/arborist', 'typescript'] });
});
