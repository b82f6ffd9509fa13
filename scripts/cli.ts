// What every command's entry file shares: bad input is one line on stderr,
// never a stack trace. Exit codes: 0 fine, 1 a finding (the command's answer
// is "no"), 2 the command could not do its job (usage, input, a tool failing).
import { parseArgs, ParseArgsConfig } from 'util';

/** Bad input: a flag, a file or a value the user gave. Its message names it. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The first line of what was thrown: a child process's or a library's many lines stay out. */
export function errorLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n').map((line) => line.trim()).find(Boolean) ?? String(err);
}

/**
 * Runs an entry file's `main` and sets the exit code from what it returns
 * (0 or 1); anything thrown is printed as `name: <first line>` and exits 2.
 */
export function runMain(name: string, main: () => number | Promise<number>): Promise<void> {
  return Promise.resolve()
    .then(main)
    .then((code) => { process.exitCode = code; })
    .catch((err) => {
      process.stderr.write(`${name}: ${errorLine(err)}\n`);
      process.exitCode = 2;
    });
}

/**
 * `util.parseArgs`, strict, with its errors as one UsageError naming the
 * option: `--bsae: unknown option (usage: ...)`.
 */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], usage: string, options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (err: any) {
    // Node names the option or argument first, in quotes: "Unknown option '--bsae'".
    const subject = /'([^' ]+)/.exec(String(err.message))?.[1];
    const what: Record<string, string> = {
      ERR_PARSE_ARGS_UNKNOWN_OPTION: 'unknown option',
      ERR_PARSE_ARGS_INVALID_OPTION_VALUE: 'needs a value',
      ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: 'unexpected argument',
    };
    throw new UsageError(`${subject ?? args.join(' ')}: ${what[err.code] ?? errorLine(err)} (${usage})`);
  }
}
