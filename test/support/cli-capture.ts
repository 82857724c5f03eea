import { runCli } from '../../cli/program';

/**
 * Runs the CLI in-process and captures what it printed: its io lines, and what `run` writes to process.stderr
 * (progress) while it runs. Shared by the e2e suites that drive the CLI.
 */
export async function cliCapture(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await runCli(args, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    return { code, out: lines.join('\n') };
  } finally {
    process.stderr.write = write;
  }
}
