// `npm run drift` with bad input: one line naming the flag or the stack, exit 2,
// before any cluster is read.
import { expectOneLine, runEntry } from '../entry';

test.each([
  ['a misspelt flag', ['--stak', 'local'], /^drift: --stak: unknown option \(usage: npm run drift \[-- --stack S\]\)$/],
  ['a stack with no config file', ['--stack', 'nosuch'], /^drift: stack "nosuch": .*Pulumi\.nosuch\.yaml does not exist$/],
])('%s: one line, exit 2', (_case, args, line) => {
  expectOneLine(runEntry('drift/main.ts', args, { PATH: '/nonexistent' }), line);
});
