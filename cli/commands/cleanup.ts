/**
 * `conformance cleanup <report-dir>`: deletes what a run created and left, from the ids its events.ndjson recorded as
 * they were learnt (a run killed before its own cleanup, or one run with --keep-created). A 404 counts as already
 * gone; what cannot be deleted is listed with the DELETE's answer, and the exit code says whether anything is left.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { CreatedLedger } from '../../engine/cleanup';
import { SuiteError } from '../../engine/errors';
import { openTransport, rateLimiter } from '../../engine/open';
import { createRedactor, runSecrets } from '../../engine/redact';
import type { RunOptions } from '../../engine/run';
import { resolveRunOptions, type RawRunOptions } from '../options';
import type { Io } from '../program';
import { secretFlagWarning, timeoutOption } from './shared-options';

/** The ids a run's events.ndjson says the target created, and the target the run was pointed at. */
export function createdIn(reportDir: string): { ids: string[]; target: string | undefined } {
  const file = join(reportDir, 'events.ndjson');
  if (!existsSync(file))
    throw new SuiteError(
      'no-events',
      `${file} does not exist`,
      'give the --report-dir of the run to clean up after (the folder holding its events.ndjson)',
    );
  const ids = new Set<string>();
  let target: string | undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes('"created"') && !line.includes('"run-started"')) continue;
    let e: { type?: unknown; id?: unknown; target?: unknown };
    try {
      e = JSON.parse(line) as typeof e;
    } catch {
      continue; // a run killed mid-write leaves a partial last line
    }
    if (e.type === 'created' && typeof e.id === 'string') ids.add(e.id);
    if (e.type === 'run-started' && typeof e.target === 'string') target ??= e.target;
  }
  return { ids: [...ids], target };
}

export function registerCleanup(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('cleanup')
    .description(
      'delete the configurations a run created and left (from its events.ndjson): exit 0 when none is left, 1 when some could not be deleted',
    )
    .argument('<report-dir>', 'the --report-dir of the run')
    .option('--target <url>', "service root (default: the run's own target, when it was a URL)")
    .option('--token <token>', 'bearer token (default: $GRAPH_TOKEN)')
    .option('--concurrency <n>', 'DELETEs in flight at once (default 8)')
    .option('--rate-limit <n/s>', 'at most this many requests per second, e.g. 20/s')
    .option('--ca <file>', 'PEM CA certificate for an https target')
    .option('--insecure', 'do not verify the https certificate of the target')
    .addOption(timeoutOption())
    .action(async (reportDir: string, flags: RawRunOptions) => {
      const { ids, target } = createdIn(reportDir);
      const url = flags.target ?? (target && /^https?:\/\//.test(target) ? target : undefined);
      if (!url)
        throw new SuiteError(
          'no-target',
          `the run's target (${target ?? 'unknown'}) is not a URL this command can reach`,
          'give --target <url>, the service root the run was pointed at',
        );
      const { options } = resolveRunOptions({ ...flags, target: url }, undefined, process.env);
      if (flags.token !== undefined) io.err(secretFlagWarning('--token', 'GRAPH_TOKEN'));
      if (ids.length === 0) {
        io.out(`nothing to clean up: ${reportDir}/events.ndjson records no configuration created`);
        setExit(0);
        return;
      }
      const opts = options as RunOptions;
      const redact = createRedactor(runSecrets(opts), opts.secretHeaders ?? []);
      const transport = openTransport(opts);
      const ledger = new CreatedLedger();
      for (const id of ids) ledger.add(id);
      const headers: Record<string, string> = { accept: 'application/json' };
      if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
      try {
        const r = await ledger.sweep(transport, headers, opts.concurrency, false, rateLimiter(opts.rateLimit));
        io.out(
          `${reportDir}: ${ids.length} configuration(s) recorded as created; ${r.deleted} deleted or already gone`,
        );
        for (const l of r.leftovers) io.out(redact(`  left: ${l.id} (${l.reason})`));
        if (r.leftOut) io.out(`  and ${r.leftOut} more`);
        setExit(r.leftovers.length > 0 ? 1 : 0);
      } finally {
        await transport.close();
      }
    });
}
