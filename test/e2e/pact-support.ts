/** Helpers of the pact-*.e2e.ts suites: captured CLI runs, temp folders, the swagger-mock-validator CLI. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli, type Io } from '../../cli/program';
import { runChild } from '../../engine/child';
import { pactCliBinary } from '../../contracts/publish';

export const ROOT = resolve(__dirname, '..', '..');
export const SPEC = join(ROOT, 'specs', 'openapi.yaml');
/** How long one validator process may take: it loads the validator once (seconds on a busy machine), then each file. */
const VALIDATE_TIMEOUT_MS = 120_000;

export interface CliRun {
  code: number;
  out: string[];
  err: string[];
  /** stdout and stderr together, for "never printed" assertions. */
  all: string;
}

/** runCli in-process with captured output. */
export async function cli(args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await runCli(args, io);
  return { code, out, err, all: [...out, ...err].join('\n') };
}

/** The CLI as a separate process (bin/conformance.js), as a user runs it; killed past timeoutMs. */
export function cliProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 60_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin', 'conformance.js'), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, PACT_DO_NOT_TRACK: 'true', ...env },
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `conformance-${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Every file below dir with its text, for "nothing written holds the token" assertions. */
export function filesBelow(dir: string): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) out.push(...filesBelow(file));
    else out.push({ file, text: readFileSync(file, 'utf8') });
  }
  return out;
}

/**
 * @pactflow/swagger-mock-validator's CLI on one pact file. `-A true`: our response schemas are open (no
 * additionalProperties: false), so a response property the schema does not list is allowed, as OpenAPI reads it.
 */
export function validatePact(
  pactFile: string,
  extraArgs: string[] = ['-A', 'true'],
  timeoutMs = VALIDATE_TIMEOUT_MS,
): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(
      join(ROOT, 'node_modules', '.bin', 'swagger-mock-validator'),
      [SPEC, pactFile, ...extraArgs],
      { cwd: ROOT, timeout: timeoutMs, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, output: stdout + stderr });
      },
    );
  });
}

export interface ValidatorFinding {
  code: string;
  message: string;
  interaction?: string;
}

export interface ValidatorReport {
  success: boolean;
  errors: ValidatorFinding[];
  warnings: ValidatorFinding[];
}

/** Validates each pact file in turn, in one process: the validator is loaded once, however many files there are. */
const VALIDATE_SCRIPT = `
import { SwaggerMockValidatorFactory } from '@pactflow/swagger-mock-validator';
const [spec, open, ...mocks] = process.argv.slice(1);
const validator = SwaggerMockValidatorFactory.create();
const slim = (list) => list.map((e) => ({ code: e.code, message: e.message, interaction: e.mockDetails?.interactionDescription }));
const reports = [];
for (const mock of mocks) {
  const result = await validator.validate({ specPathOrUrl: spec, mockPathOrUrl: mock, additionalPropertiesInResponse: open });
  reports.push({ success: result.success, errors: slim(result.errors), warnings: slim(result.warnings) });
}
process.stdout.write(JSON.stringify(reports));
`;

/**
 * The same validator through its API (an ES module, so in a child node process), for structured findings: one report
 * per file, in order. `additionalPropertiesInResponse` 'true' is the CLI's `-A true`. All files go to one child, so a
 * busy machine does not start one cold Node process per file at once; the child runs to its end before its output is
 * read (runChild), and a child that did not finish cleanly is an error that says how it ended and what it printed.
 */
export async function validatePactsApi(
  pactFiles: string[],
  additionalPropertiesInResponse: 'true' | 'false' = 'true',
): Promise<ValidatorReport[]> {
  const r = await runChild({
    command: process.execPath,
    args: ['--input-type=module', '-e', VALIDATE_SCRIPT, SPEC, additionalPropertiesInResponse, ...pactFiles],
    cwd: ROOT,
    timeoutMs: VALIDATE_TIMEOUT_MS,
    maxOutput: 16 * 1024 * 1024,
  });
  const how = r.timedOut
    ? `it ran past ${VALIDATE_TIMEOUT_MS} ms and was killed`
    : `it exited with ${r.signal ?? String(r.code)}${r.error ? ` (${r.error.message})` : ''}`;
  if (r.code !== 0 || r.truncated) throw new Error(`swagger-mock-validator API failed: ${how}; stderr: ${r.stderr}`);
  try {
    return JSON.parse(r.stdout) as ValidatorReport[];
  } catch (e) {
    throw new Error(
      `swagger-mock-validator API printed no JSON (${String(e)}); stdout: ${r.stdout}; stderr: ${r.stderr}`,
    );
  }
}

/** validatePactsApi for one file. */
export async function validatePactApi(
  pactFile: string,
  additionalPropertiesInResponse: 'true' | 'false' = 'true',
): Promise<ValidatorReport> {
  const [report] = await validatePactsApi([pactFile], additionalPropertiesInResponse);
  if (report === undefined) throw new Error('swagger-mock-validator API returned no report');
  return report;
}

/**
 * `pact-broker can-i-deploy` (the official client) against `brokerUrl`. The Rust binary of
 * @pact-foundation/pact-cli is run directly, which is what node_modules/.bin/pact-broker runs: killing the node
 * wrapper would leave the Rust child running.
 */
export function canIDeploy(
  brokerUrl: string,
  brokerToken: string,
  args: string[],
): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(
      pactCliBinary(),
      ['broker', 'can-i-deploy', ...args, '--broker-base-url', brokerUrl, '--retries', '0'],
      {
        env: { ...process.env, PACT_BROKER_TOKEN: brokerToken, PACT_DO_NOT_TRACK: 'true' },
        timeout: 30_000,
        killSignal: 'SIGKILL',
      },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, output: stdout + stderr }),
    );
  });
}

/**
 * Watches /proc while a command runs: every process whose arguments `matches` picks, by PID, with those arguments
 * (NUL-separated, joined by spaces). `stop` ends the watch and gives what was seen. A test that checks no secret is
 * in a child's argv (readable by every user of the machine) reads it there.
 */
export function watchArgv(matches: (argv: string) => boolean): { stop: () => Promise<Map<string, string>> } {
  const seen = new Map<string, string>();
  let watching = true;
  const watch = (async () => {
    while (watching) {
      for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
        try {
          const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
          if (matches(argv)) seen.set(pid, argv);
        } catch {
          // the process ended between the listing and the read
        }
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  return {
    stop: async () => {
      watching = false;
      await watch;
      return seen;
    },
  };
}
