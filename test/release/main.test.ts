// `npm run release` with bad input: one line naming it, exit 2, before any `pulumi` runs.
import { expectOneLine, runEntry } from '../entry';

test.each([
  ['a misspelt flag', ['--stak', 'local'], /^release: --stak: unknown option \(usage: npm run release -- \[--stack S\] \[--output file\.md\]\)$/],
  ['a stack with no config file', ['--stack', 'nosuch'], /^release: stack "nosuch": .*Pulumi\.nosuch\.yaml does not exist$/],
])('%s: one line, exit 2', (_case, args, line) => {
  expectOneLine(runEntry('release/main.ts', args, { PATH: '/nonexistent' }), line);
});
