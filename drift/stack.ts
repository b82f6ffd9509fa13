// Which cluster and which dist/ file a stack means, read the way the Pulumi
// program reads them (deploy/config.ts), without running the program.
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';
import { ConfigSource, readDeployConfig, readKubeconfig } from '../deploy/config';

/** What the drift check compares: a dist/ file and the cluster the stack applies it to. */
export interface StackTarget {
  readonly stack: string;
  /** e.g. dist/local.k8s.yaml */
  readonly manifestFile: string;
  readonly kubeconfig: string;
  readonly context?: string;
}

/** The stack's `hello-k8s:*` config from Pulumi.<stack>.yaml, as a pulumi.Config would give it. */
export function stackConfig(root: string, stack: string): ConfigSource {
  const file = join(root, `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) {
    throw new Error(`stack ${JSON.stringify(stack)}: ${file} does not exist`);
  }
  const values: Record<string, unknown> = parse(readFileSync(file, 'utf8'))?.config ?? {};
  const raw = (key: string) => values[`hello-k8s:${key}`];
  return {
    get: (key: string) => (raw(key) === undefined ? undefined : String(raw(key))),
    getNumber: (key: string) => (raw(key) === undefined ? undefined : Number(raw(key))),
  };
}

/**
 * The stack's target. Cloud stacks' kubeconfig comes from the stack output
 * `kubeconfig` (a secret, written to a private temporary file).
 */
export function stackTarget(root: string, stack: string, pulumiCli = process.env.PULUMI ?? 'pulumi'): StackTarget {
  const settings = readDeployConfig(stackConfig(root, stack));
  const manifestFile = join(root, 'dist', `${settings.environment}.k8s.yaml`);
  if (settings.cluster === 'local') {
    readKubeconfig(settings.kubeconfig); // the program's own check, and its message, for a missing file
    return { stack, manifestFile, kubeconfig: settings.kubeconfig, context: settings.kubeContext };
  }
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'hello-k8s-drift-')), 'kubeconfig');
  const text = execFileSync(pulumiCli, ['stack', 'output', 'kubeconfig', '--show-secrets', '--stack', stack], { encoding: 'utf8' });
  writeFileSync(kubeconfig, text, { mode: 0o600 });
  return { stack, manifestFile, kubeconfig };
}
