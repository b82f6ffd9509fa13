/**
 * An error in the stack's input (config, kubeconfig, dist/): something the
 * user fixes, not a bug. Plain JavaScript, so the commands that read a stack's
 * config without running the program (drift, release) never load the Pulumi
 * SDK; the program reports it as a RunError (deploy/program.ts).
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
