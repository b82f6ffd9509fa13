// A child process whose output is the user's to read: passed through, timed, and a failure named.
import { spawnSync } from 'child_process';

/** Runs a command with its output passed through; throws naming it when it fails. Returns its seconds. */
export function run(cwd: string, env: NodeJS.ProcessEnv, cmd: string, ...args: string[]): number {
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    throw new Error(`\`${cmd} ${args.join(' ')}\` in ${cwd} exited ${result.status ?? result.error?.message ?? result.signal}`);
  }
  return (Date.now() - started) / 1000;
}
