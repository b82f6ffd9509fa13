// scripts/pulumi-program.js, Pulumi.yaml's main, in a scratch project: it runs
// the compiled program, and a source that does not parse fails as one line.
import { execFileSync } from 'child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

const ROOT = resolve(__dirname, '..', '..');

/** A project whose deploy/index.ts is `source`; returns what the program's exported function resolves or rejects with. */
function runProgram(source: string): any {
  const dir = mkdtempSync(join(tmpdir(), 'hello-k8s-program-'));
  for (const file of ['scripts/pulumi-program.js', 'scripts/transpile.js', 'tsconfig.json']) {
    cpSync(join(ROOT, file), join(dir, file));
  }
  mkdirSync(join(dir, 'charts'));
  mkdirSync(join(dir, 'deploy'));
  writeFileSync(join(dir, 'deploy', 'index.ts'), source);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return JSON.parse(execFileSync('node', ['-e', `
    const { RunError } = require('@pulumi/pulumi');
    require('./scripts/pulumi-program.js')().then(
      (outputs) => console.log(JSON.stringify({ outputs })),
      (err) => console.log(JSON.stringify({ runError: RunError.isInstance(err), message: err.message, stack: err.stack })));`,
  ], { cwd: dir, encoding: 'utf8' }));
}

test('transpiles deploy/ and returns what its exported function returns (the stack outputs)', () => {
  expect(runProgram("const answer: number = 42;\nexport = () => ({ answer });\n")).toStrictEqual({ outputs: { answer: 42 } });
});

test('a source that does not parse is a RunError of one line, file, line and column (no stack for Pulumi to format)', () => {
  const message = 'the program does not compile: deploy/index.ts:1:15: Unexpected "="';
  expect(runProgram('const answer: = 42;\n')).toStrictEqual({ runError: true, message, stack: `RunError: ${message}` });
});
