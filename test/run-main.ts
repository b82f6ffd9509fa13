// Runs an entry file's main the way its entry file does, capturing stderr and the exit code.
import { runMain } from '../scripts/cli';

/** Runs `main` through runMain; returns what it wrote on stderr and the exit code it set. */
export async function run(name: string, main: () => number | Promise<number>): Promise<{ stderr: string[]; exitCode: number }> {
  const lines: string[] = [];
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { lines.push(...String(chunk).split('\n').filter(Boolean)); return true; });
  const before = process.exitCode;
  try {
    await runMain(name, main);
    return { stderr: lines, exitCode: Number(process.exitCode) };
  } finally {
    write.mockRestore();
    process.exitCode = before;
  }
}
