// A throwaway Pulumi stack of this project, with the `pulumi` CLI from PATH:
// its own file state and its own config file in a work folder, so a run never
// touches the developer's stacks, state or Pulumi.<stack>.yaml files.
import { spawnSync } from 'child_process';
import { copyFileSync, mkdirSync } from 'fs';
import { join } from 'path';
import type { ReleaseStack } from '../release/steps';
import { run } from '../scripts/run';

/** Where the stack deploys to, and where its state lives. */
export interface ThrowawayStackProps {
  /** A folder of the run's own: the state and the stack's config file go here. */
  readonly workDir: string;
  /** The project folder whose Pulumi.yaml names the project. */
  readonly projectDir: string;
  /** The cluster's kubeconfig file (absolute). */
  readonly kubeconfig: string;
  /** Its context. @default the file's current context */
  readonly context?: string;
  /** Which dist/ environment to apply. @default "local" */
  readonly environment?: string;
  /** The Pulumi CLI. @default "pulumi" (from PATH) */
  readonly pulumi?: string;
  /** The stack's name. @default "pr-deploy" */
  readonly name?: string;
}

/**
 * One stack, created on construction. `up` and `destroy` take the project
 * folder to run in (a worktree of another commit deploys its own dist/).
 */
export class ThrowawayStack {
  public readonly name: string;
  private readonly pulumi: string;
  private readonly configFile: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(props: ThrowawayStackProps) {
    this.name = props.name ?? 'pr-deploy';
    this.pulumi = props.pulumi ?? 'pulumi';
    const stateDir = join(props.workDir, 'state');
    const configDir = join(props.workDir, 'config');
    mkdirSync(stateDir, { recursive: true });
    mkdirSync(configDir, { recursive: true });
    this.env = {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${stateDir}`,
      // The file backend encrypts the stack's secrets; this state lives only as long as the run.
      PULUMI_CONFIG_PASSPHRASE: 'pr-deploy',
      PULUMI_SKIP_UPDATE_CHECK: 'true',
    };
    // `stack init` writes the stack's config file next to Pulumi.yaml: a copy of it here keeps that out of the project.
    copyFileSync(join(props.projectDir, 'Pulumi.yaml'), join(configDir, 'Pulumi.yaml'));
    this.configFile = join(configDir, `Pulumi.${this.name}.yaml`);
    this.cli(configDir, 'stack', 'init', this.name, '--non-interactive');
    const config: Record<string, string | undefined> = {
      'hello-k8s:cluster': 'local',
      'hello-k8s:environment': props.environment ?? 'local',
      'hello-k8s:kubeconfig': props.kubeconfig,
      'hello-k8s:kubeContext': props.context,
    };
    for (const [key, value] of Object.entries(config)) {
      if (value !== undefined) {
        this.cli(configDir, 'config', 'set', '--stack', this.name, '--config-file', this.configFile, key, value);
      }
    }
  }

  /** `pulumi up` of the project in `dir`; its seconds. */
  up(dir: string): number {
    return this.cli(dir, 'up', '--stack', this.name, '--config-file', this.configFile, '--non-interactive', '--yes', '--skip-preview');
  }

  /** One stack output, as text. */
  output(dir: string, name: string): string {
    const result = spawnSync(this.pulumi, ['stack', 'output', name, '--stack', this.name], { cwd: dir, env: this.env, encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`\`pulumi stack output ${name}\`: ${result.stderr.trim() || result.error?.message}`);
    }
    return result.stdout.trim();
  }

  /** The stack as the release's steps take it, run in the project in `dir`. */
  releaseStack(dir: string): ReleaseStack {
    return { root: dir, stack: this.name, configFile: this.configFile, env: this.env, pulumi: this.pulumi };
  }

  /** Removes everything the stack deployed, then the stack. */
  destroy(dir: string): number {
    const seconds = this.cli(dir, 'destroy', '--stack', this.name, '--config-file', this.configFile, '--non-interactive', '--yes', '--skip-preview');
    this.cli(dir, 'stack', 'rm', this.name, '--yes', '--non-interactive');
    return seconds;
  }

  private cli(dir: string, ...args: string[]): number {
    return run(dir, this.env, this.pulumi, ...args);
  }
}
