// What the commands share: a child process whose output is the user's to read
// (passed through, timed, a failure named), and how a command publishes its result.
import { spawnSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';

/** Runs a command with its output passed through; throws naming it when it fails. Returns its seconds. */
export function run(cwd: string, env: NodeJS.ProcessEnv, cmd: string, ...args: string[]): number {
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    throw new Error(`\`${cmd} ${args.join(' ')}\` in ${cwd} exited ${result.status ?? result.error?.message ?? result.signal}`);
  }
  return (Date.now() - started) / 1000;
}

/** A command's result: its figures as build/<name>.json, its Markdown report on stdout and in `output` when given. */
export function publish(root: string, name: string, figures: unknown, report: string, output?: string): void {
  mkdirSync(join(root, 'build'), { recursive: true });
  writeFileSync(join(root, 'build', `${name}.json`), `${JSON.stringify(figures, null, 2)}\n`);
  if (output) {
    writeFileSync(output, report);
  }
  process.stdout.write(report);
}
