// The repository's Go load generator (app/cmd/hello-loadgen) in the background:
// the pull-request deploy under load, and the end-to-end tier.
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'fs';
import { join } from 'path';

/** One second of a run (hello-loadgen's Second). */
export interface LoadSecond {
  ok: number;
  failed: number;
  greetings: Record<string, number>;
  hostnames: Record<string, number>;
}

/** What the load generator reports. */
export interface LoadResult {
  requests: number;
  errors: number;
  /** The wall clock (ms) when the run started: per_second's second 0. */
  started_unix_ms: number;
  seconds: number;
  requests_per_second: number;
  p50_ms: number;
  p99_ms: number;
  greetings: Record<string, number>;
  hostnames: Record<string, number>;
  first_greeting: string;
  last_first_greeting_ms: number;
  first_other_greeting_ms: number;
  error_samples: string[] | null;
  error_times_ms: number[] | null;
  /** Answers by the second they were sent in, failures by the second they failed in. */
  per_second: LoadSecond[];
}

/** Where to build it and keep its binary and reports. */
export interface LoadGenPlace {
  /** The app module (its cmd/hello-loadgen). */
  readonly appDir: string;
  /** Where the binary (built once) and each run's JSON report go. */
  readonly workDir: string;
  readonly env: NodeJS.ProcessEnv;
}

/** One run, bounded by its flags; it runs until those bounds or stop(). */
export class LoadGen {
  private readonly child: ChildProcess;
  private readonly out: string;
  private readonly exited: Promise<number | null>;
  public readonly startedAt = Date.now();

  constructor(url: string, flags: string[], place: LoadGenPlace) {
    const binary = join(place.workDir, 'hello-loadgen');
    if (!existsSync(binary)) {
      execFileSync('go', ['build', '-o', binary, './cmd/hello-loadgen'], { cwd: place.appDir, env: place.env });
    }
    this.out = join(place.workDir, `loadgen-${this.startedAt}.json`);
    const fd = openSync(this.out, 'w');
    this.child = spawn(binary, ['-url', url, ...flags], { stdio: ['ignore', fd, 'inherit'] });
    closeSync(fd);
    this.exited = new Promise((r) => this.child.on('exit', (code) => r(code)));
  }

  /** Waits for the run to end by its own bounds. */
  async done(): Promise<LoadResult> {
    const code = await this.exited;
    if (code !== 0) {
      throw new Error(`hello-loadgen exited ${code}`);
    }
    return JSON.parse(readFileSync(this.out, 'utf8'));
  }

  /** Ends the run now (SIGTERM) and returns what it measured. */
  async stop(): Promise<LoadResult> {
    this.child.kill('SIGTERM');
    return this.done();
  }
}
