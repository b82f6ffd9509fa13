import { errorLine, parseOptions, UsageError } from '../../scripts/cli';
import { run } from '../run-main';


test.each([
  ['a finding', () => 1, [], 1],
  ['success', () => 0, [], 0],
  ['bad input', () => { throw new UsageError('--base x: not a commit'); }, ['demo: --base x: not a commit'], 2],
  ['a tool failing with many lines', () => { throw new Error('Command failed: tool\n  at frame 1\n  at frame 2'); }, ['demo: Command failed: tool'], 2],
  ['a rejected promise', async () => { throw new Error('late'); }, ['demo: late'], 2],
  ['a thrown string', () => { throw 'odd'; }, ['demo: odd'], 2],
])('runMain: %s', async (_case, main, stderr, exitCode) => {
  expect(await run('demo', main as () => number)).toStrictEqual({ stderr, exitCode });
});

const USAGE = 'usage: demo --base REF';
test.each([
  [['--bsae', 'x'], '--bsae: unknown option (usage: demo --base REF)'],
  [['--base'], '--base: needs a value (usage: demo --base REF)'],
  [['extra'], 'extra: unexpected argument (usage: demo --base REF)'],
])('parseOptions %j: one line naming the option', (args, message) => {
  expect(() => parseOptions(args, USAGE, { base: { type: 'string' } })).toThrow(new UsageError(message));
});

test('parseOptions: the values', () => {
  expect({ ...parseOptions(['--base', 'main'], USAGE, { base: { type: 'string' } }).values }).toStrictEqual({ base: 'main' });
});

test('errorLine: the first non-empty line', () => {
  expect(errorLine(new Error('\n  first\nsecond'))).toBe('first');
});
