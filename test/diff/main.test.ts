// `npm run diff` with bad input: one line naming the flag or value, exit 2. (A base
// that is not a commit: test/diff/dist-files.test.ts; parseOptions' other errors: test/scripts/cli.test.ts.)
import { expectOneLine, runEntry } from '../entry';

test.each([
  ['no --base', [], /^diff: --base: required \(usage: npm run diff -- --base <git-ref> \[--output report\.md\]\)$/],
  ['a misspelt flag', ['--bsae', 'HEAD'], /^diff: --bsae: unknown option \(usage: /],
])('%s: one line, exit 2', (_case, args, line) => {
  expectOneLine(runEntry('diff/main.ts', args), line);
});
