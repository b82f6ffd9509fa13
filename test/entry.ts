// Test helper: runs a command's entry file as `npm run <name>` does, with the
// checkout as its folder, and returns its exit status and stderr's lines.
import { spawnSync } from 'child_process';
import { join } from 'path';

const ROOT = join(__dirname, '..');

/** Runs `node --import tsx <entry> ...args`; `env` is added to this process's environment. */
export function runEntry(entry: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): { status: number | null; lines: string[] } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: result.status, lines: result.stderr.split('\n').filter(Boolean) };
}

/** Expects bad input's answer: exit 2 and one line on stderr, matching `line`. */
export function expectOneLine(result: { status: number | null; lines: string[] }, line: RegExp): void {
  expect({ status: result.status, lines: result.lines.length }).toStrictEqual({ status: 2, lines: 1 });
  expect(result.lines[0]).toMatch(line);
}
