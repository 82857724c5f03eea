import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { Reporter, RunEvent } from '../../engine/events';
import { createRedactor, runSecrets } from '../../engine/redact';
import { ConformanceRun, type RunOptions } from '../../engine/run';
import { consoleReporter } from '../../reports/console';
import { caseFilesReporter, ndjsonReporter, resultsJsonReporter } from '../../reports/files';
import { startReference } from '../../targets/reference';
import { startMutant } from '../../targets/mutants';
import { ensureWritableDir, readConfig, resolveRunOptions, type RawRunOptions } from '../options';
import type { Io } from '../program';
import { reportWriters } from './report-writers';
import { collect, JUNIT_WARNINGS_HELP, secretFlagWarning, timeoutOption } from './shared-options';
import { stopOnSignals } from './signals';

/** Wraps reporters so nothing they receive can carry a secret, whatever a target echoed back. */
export function redacting(
  reporters: Reporter[],
  secrets: Array<string | undefined>,
  secretHeaders: readonly string[] = [],
): Reporter[] {
  const redact = createRedactor(secrets, secretHeaders);
  // The engine hands the same event object to every reporter in turn: it is redacted once, not once per reporter.
  let seen: Readonly<RunEvent> | undefined;
  let clean: Readonly<RunEvent> | undefined;
  const once = (e: Readonly<RunEvent>): Readonly<RunEvent> => {
    if (e !== seen || clean === undefined) {
      clean = redact(e);
      seen = e;
    }
    return clean;
  };
  return reporters.map((r) => ({
    onEvent: r.onEvent ? (e: Readonly<RunEvent>) => r.onEvent?.(once(e)) : undefined,
    close: r.close ? () => r.close?.() : undefined,
  }));
}

export function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--target <url>', 'service root of the implementation under test, e.g. http://127.0.0.1:8080/beta')
    .option(
      '--app <module>',
      'a Node module exporting a request handler, http.Server or app object, driven in-process through supertest',
    )
    .option('--token <token>', 'bearer token sent with every request (default: $GRAPH_TOKEN); never written to reports')
    .option('-H, --header <header>', 'extra header "Name: value" (repeatable)', collect)
    .option(
      '--secret-header <name>',
      'an -H header whose value is a secret: scrubbed from every report like the token (repeatable)',
      collect,
    )
    .option('--runs <n>', 'generated valid cases, and as many invalid ones (default 100)')
    .option('--seed <n>', 'seed of the generators; printed on every run so a run can be repeated')
    .option('--concurrency <n>', 'requests in flight at once (default 8)')
    .addOption(timeoutOption())
    .option('--checks <ids>', 'only these check ids (comma-separated)')
    .option('--exclude-checks <ids>', 'leave out these check ids (comma-separated)')
    .option('--profile <name>', 'strictness: graph-docs (default) or odata-strict')
    .option('--report-dir <dir>', 'where results.json and the other reports go (default reports/out)')
    .option('--rate-limit <n/s>', 'at most this many requests per second, e.g. 20/s')
    .option(
      '--max-throttle-wait <ms>',
      'total time to wait out throttling (429, or 503 with Retry-After) before the run stops as inconclusive (default 60000)',
    )
    .option(
      '--read-back-wait <ms>',
      'how long a read-back that got 404 is sent again (replication delay) before the 404 counts (default 5000; 0: judge the first answer)',
    )
    .option(
      '--stateful',
      'after the create cases, run generated sequences of every operation of the family (get, list, PATCH, DELETE, assignments, assign, updatePriorities) against a model of what they wrote',
    )
    .option('--sequences <n>', 'with --stateful: how many sequences (default 100)')
    .option('--max-commands <n>', 'with --stateful: commands per sequence at most (default 12)')
    .option(
      '--priority-clash <reading>',
      'a create (and, with --stateful, a PATCH) giving a priority another configuration has may be refused or stored (either, the default), must be refused (refuse) or must be stored (store)',
    )
    .option(
      '--priority-nonce <n>',
      'with --stateful: the band of priorities the sequences use, 0-999999 (default: drawn per run, recorded in results.json; give it again to send the same requests)',
    )
    .option(
      '--operations <names>',
      'with --stateful: only the operations the target implements, comma-separated (create,get,list,update,delete,assign,updatePriorities,createAssignment,getAssignment,listAssignments,updateAssignment,deleteAssignment); the rules of the others are skipped, saying so (default: all)',
    )
    .option(
      '--max-duration <ms>',
      'stop starting cases and sequences after this long (1000 to 86400000 ms); the run then deletes what it created, writes its reports and ends inconclusive (exit 2) with what it judged kept',
    )
    .option(
      '--keep-created',
      'leave what the run created on the target (default: every configuration it created is deleted before it ends, and what could not be is listed)',
    )
    .option('--ca <file>', 'PEM CA certificate for an https target')
    .option('--insecure', 'do not verify the https certificate of the target')
    .option('--shard <i/n>', 'run only shard i of n of the cases (merge the reports with `report merge`)')
    .option('--no-shrink', 'report failures as found, without shrinking them to a minimal body')
    .option('--max-response-bytes <n>', 'stop reading a response body past this size (default 4 MiB)')
    .option('--mutant <name>', 'run against an embedded mutant instead of the reference (see `serve --list-mutants`)')
    .option(
      '--max-fraction-digits <n>',
      'most fractional-second digits in generated DateTimeOffsets, 0-12 (default 12; round trips are judged at the profile precision)',
    )
    .option('--no-long-strings', 'keep generated strings short (default: up to thousands of characters)')
    .option(
      '--no-streams',
      'leave Edm.Stream properties out of the bodies (for a service that refuses them in requests)',
    )
    .option(
      '--types <names>',
      'creatable types to send, comma-separated short names or "any" (default any: every creatable type)',
    )
    .option('--junit-warnings <mode>', JUNIT_WARNINGS_HELP)
    .option('--config <file>', `read options from this JSON file (default ./conformance.config.json when present)`);
}

/**
 * Commander gives a `--no-x` flag the value true when it is not on the command line; a config file's `"x": false`
 * must then win, so defaults of negatable flags are dropped before flags and config are merged.
 */
export function dropNegatableDefaults(flags: RawRunOptions, cmd: Command): void {
  for (const key of ['shrink', 'longStrings', 'streams'] as const)
    if (cmd.getOptionValueSource(key) === 'default') delete flags[key];
}

export function registerRun(program: Command, io: Io, setExit: (code: number) => void): void {
  addRunOptions(
    program
      .command('run')
      .description(
        'run the conformance suite against a target (default: the embedded reference server) and write reports',
      ),
  ).action(async (flags: RawRunOptions, cmd: Command) => {
    dropNegatableDefaults(flags, cmd);
    const config = readConfig(flags.config);
    const { options, reportDir, mutant, junitWarnings } = resolveRunOptions(flags, config, process.env);
    // After the options are checked: bad input gets its error and hint alone.
    if (flags.token !== undefined) io.err(secretFlagWarning('--token', 'GRAPH_TOKEN'));
    ensureWritableDir(reportDir);
    let embedded: { url: string; close(): Promise<void> } | undefined;
    if (!options.target) {
      // The embedded server always requires a token, so auth-required is judged too: a random one unless given.
      options.token ??= randomBytes(18).toString('base64url');
      const serverOpts = { token: options.token };
      embedded = mutant ? await startMutant(mutant, serverOpts) : await startReference(serverOpts);
      io.err(`started the embedded ${mutant ? `mutant "${mutant}"` : 'reference server'} at ${embedded.url}`);
    }
    const runOptions: RunOptions = { ...options, target: options.target ?? { kind: 'url', url: embedded?.url ?? '' } };
    const reporters = redacting(
      [
        consoleReporter({ write: (t) => process.stderr.write(t), tty: Boolean(process.stderr.isTTY), reportDir }),
        resultsJsonReporter(reportDir),
        ndjsonReporter(reportDir),
        caseFilesReporter(reportDir),
        ...reportWriters(reportDir, process.env, { warnings: junitWarnings }),
      ],
      runSecrets(options),
      options.secretHeaders ?? [],
    );
    const run = new ConformanceRun(runOptions, reporters);
    const release = stopOnSignals(io, (signal) => run.stop(signal), reportDir);
    try {
      const results = await run.run();
      setExit(results.exitCode);
    } finally {
      release();
      await embedded?.close();
    }
  });
}
