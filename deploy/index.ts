// Pulumi entry point: read the stack config and deploy. Logic lives in program.ts.
import { deployStack } from './program';

const outputs = deployStack();

export const address = outputs.address;
export const url = outputs.url;
export const namespace = outputs.namespace;
export const version = outputs.version;
