import * as pulumi from '@pulumi/pulumi';

/**
 * An error in the stack's input (config, kubeconfig, dist/): something the
 * user fixes, not a bug. Pulumi reports a RunError as its message alone,
 * without the program's stack trace.
 */
export function inputError(message: string): pulumi.RunError {
  const error = new pulumi.RunError(message);
  // Pulumi still formats every uncaught error with util.inspect, and on Node
  // 20.20 that spins for about 30 s (twice) on source-mapped SDK frames such as
  // `node_modules/@pulumi/resource.ts`. The stack is never shown: keep one line.
  error.stack = `RunError: ${message}`;
  return error;
}
