// Types only: ajv's compiler takes 0.08 s to load, and a warm cache never needs it.
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { join } from 'path';
import { indexByGroupVersionKind, loadKubernetesSchema } from './schema';

// Kubernetes formats (int32, byte, ...) and x-kubernetes-* keywords are not JSON Schema's.
const AJV_OPTIONS = { allErrors: true, strict: false, validateFormats: false, code: { source: true } };

/**
 * One validation function per schema definition. Compiling the Kubernetes
 * schema with ajv is slow next to validating, so each definition is compiled once
 * and kept as ajv's standalone code in a cache folder keyed by the schema
 * file, the code that tightens it (schema.ts) and ajv's version;
 * later runs load the code without loading ajv's compiler or the schema.
 */
export class CompiledValidators {
  private readonly dir: string;
  private readonly loaded = new Map<string, ValidateFunction>();
  private ajv?: Ajv;
  private kinds?: Map<string, string>;

  constructor(private readonly schemaFile: string, cacheRoot: string) {
    const key = createHash('sha256')
      .update(readFileSync(schemaFile))
      .update(readFileSync(require.resolve('./schema'))) // how the schema is tightened
      .update(JSON.stringify(AJV_OPTIONS))
      .update(require('ajv/package.json').version)
      .digest('hex').slice(0, 16);
    this.dir = join(cacheRoot, key);
  }

  /** The schema definition for `apiVersion/kind`, or undefined when the API has none. */
  definitionFor(apiVersionKind: string): string | undefined {
    if (!this.kinds) {
      const file = join(this.dir, 'kinds.json');
      if (existsSync(file)) {
        this.kinds = new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8'))));
      } else {
        this.kinds = indexByGroupVersionKind(this.compiler().getSchema('k8s')!.schema as any);
        this.write('kinds.json', JSON.stringify(Object.fromEntries(this.kinds)));
      }
    }
    return this.kinds.get(apiVersionKind);
  }

  /** The validation function for a definition, compiled on first use. */
  validator(definition: string): ValidateFunction {
    let validate = this.loaded.get(definition);
    if (!validate) {
      const file = `${definition}.js`;
      if (!existsSync(join(this.dir, file))) {
        const ajv = this.compiler();
        const standaloneCode = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone')).default;
        this.write(file, standaloneCode(ajv, ajv.getSchema(`k8s#/definitions/${definition}`)!));
      }
      // The code requires ajv's runtime helpers, resolved from this project's node_modules.
      const module = { exports: {} as any };
      new Function('module', 'exports', 'require', readFileSync(join(this.dir, file), 'utf8'))(module, module.exports, require);
      validate = module.exports.default ?? module.exports;
      this.loaded.set(definition, validate!);
    }
    return validate!;
  }

  private compiler(): Ajv {
    if (!this.ajv) {
      const AjvCompiler = (require('ajv') as typeof import('ajv')).default;
      this.ajv = new AjvCompiler(AJV_OPTIONS);
      this.ajv.addSchema(loadKubernetesSchema(this.schemaFile), 'k8s');
    }
    return this.ajv;
  }

  /** Writes a cache file atomically, so a concurrent run never reads half of one. */
  private write(name: string, text: string): void {
    mkdirSync(this.dir, { recursive: true });
    const tmp = join(this.dir, `.${name}.${process.pid}`);
    writeFileSync(tmp, text);
    renameSync(tmp, join(this.dir, name));
  }
}
