// Pulumi entry point: read the stack config and deploy. Logic lives in program.ts.
// Pulumi awaits an exported function and takes its result as the stack outputs
// (address, url, namespace, version, and clusterName on cloud stacks).
import { deployStack } from './program';

export = () => deployStack();
