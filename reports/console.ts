import type { Reporter, RunEvent, RunResults } from '../engine/events';
import { cleanupLine, retryLine } from './text';

export interface ConsoleReporterOptions {
  /** Where progress and the summary go (stderr keeps stdout clean for --json users). */
  write: (text: string) => void;
  /** Redraw one progress line (a terminal) rather than print milestones (a CI log). */
  tty: boolean;
  reportDir?: string;
}

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** " and 100 sequences (711 requests)" when the run had a stateful phase. */
function sequences(results: RunResults): string {
  const st = results.stateful;
  return st ? ` and ${st.sequences} sequences (${st.requests} requests)` : '';
}

/** The summary table: one line per check, then the verdict, the seed and where the reports are. */
export function formatSummary(results: RunResults, reportDir?: string): string {
  const lines: string[] = [];
  const mark = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP' } as const;
  lines.push('');
  // Wide enough for the longest id (the lifecycle rules are longer than the create checks).
  const width = Math.max(20, ...results.checks.map((c) => c.id.length));
  lines.push(
    `${pad('check', width)} ${pad('status', 6)} ${pad('severity', 8)} ${pad('cases', 6)} first failure / note`,
  );
  for (const c of results.checks) {
    const status = c.status === 'failed' && c.severity === 'warning' ? 'WARN' : mark[c.status];
    const note =
      c.status === 'failed'
        ? `${c.failedCases} failed: ${(c.failures[0]?.message ?? '').slice(0, 100)}`
        : c.status === 'skipped'
          ? (c.skippedReason ?? '')
          : '';
    lines.push(`${pad(c.id, width)} ${pad(status, 6)} ${pad(c.severity, 8)} ${pad(String(c.cases), 6)} ${note}`);
  }
  lines.push('');
  for (const e of results.errors) lines.push(`error [${e.code}]: ${e.message}${e.hint ? `\nhint: ${e.hint}` : ''}`);
  const s = results.summary;
  lines.push(
    `${results.verdict.toUpperCase()}: ${s.passed} passed, ${s.failed} failed (${s.warnings} warning-level), ${s.skipped} skipped; ${s.cases} exchanges${sequences(results)} in ${(results.durationMs / 1000).toFixed(1)} s`,
  );
  const waits = retryLine(results);
  if (waits) lines.push(`waiting: ${waits}`);
  const cleanup = cleanupLine(results);
  if (cleanup) lines.push(`${cleanup.warning ? 'WARNING cleanup' : 'cleanup'}: ${cleanup.text}`);
  lines.push(`seed ${results.seed} (repeat this run with --seed ${results.seed}${generationFlags(results)})`);
  if (reportDir) lines.push(`reports: ${reportDir}`);
  return lines.join('\n') + '\n';
}

/** Progress while cases run, then the one-screen summary. */
export function consoleReporter(opts: ConsoleReporterOptions): Reporter {
  let failing = new Set<string>();
  let lastMilestone = -1;
  let drawn = false;
  let current: 'cases' | 'sequences' = 'cases';
  return {
    onEvent(e: Readonly<RunEvent>): void {
      switch (e.type) {
        case 'run-started':
          failing = new Set();
          opts.write(
            `conformance ${e.tool.version}: ${e.target} — ${e.plannedCases} cases (${e.runs} valid + ${e.runs} invalid${e.shard ? `, shard ${e.shard}` : ''}), concurrency ${e.concurrency}, profile ${e.profile}, seed ${e.seed}\n`,
          );
          break;
        case 'case': {
          for (const id of e.failed) failing.add(id);
          // The create cases and the lifecycle sequences are two phases, each counted from 0 to its own total.
          const phase = e.kind === 'sequence' ? 'sequences' : 'cases';
          if (phase !== current) {
            if (drawn) opts.write('\n');
            drawn = false;
            current = phase;
            lastMilestone = -1;
          }
          if (opts.tty) {
            if (e.done === e.total || e.done % 5 === 0) {
              const width = 24;
              const filled = Math.round((e.done / e.total) * width);
              opts.write(
                `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${e.done}/${e.total} ${phase}, ${failing.size} check(s) failing `,
              );
              drawn = true;
            }
          } else {
            // A line at each quarter of the cases, each tenth of the (slower) sequences: a CI log shows a long phase
            // moving without a line per case.
            const milestone = Math.floor((e.done / e.total) * (phase === 'sequences' ? 10 : 4));
            if (milestone > lastMilestone && milestone > 0) {
              lastMilestone = milestone;
              const rules = failing.size === 1 ? 'rule or check' : 'rules or checks';
              opts.write(
                phase === 'sequences'
                  ? `${e.done}/${e.total} sequences, ${failing.size} ${rules} failing so far\n`
                  : `${e.done}/${e.total} cases sent, ${failing.size} check(s) failing so far\n`,
              );
            }
          }
          break;
        }
        case 'shrink':
          if (e.phase === 'started') {
            if (drawn) opts.write('\n');
            drawn = false;
            opts.write(`shrinking the first failure of ${e.checkId}...\n`);
          }
          break;
        case 'error':
          if (drawn) opts.write('\n');
          drawn = false;
          opts.write(`error [${e.error.code}]: ${e.error.message}\n${e.error.hint ? `hint: ${e.error.hint}\n` : ''}`);
          break;
        case 'run-finished':
          if (drawn) opts.write('\n');
          opts.write(formatSummary(e.results, opts.reportDir));
          break;
        default:
          break;
      }
    },
  };
}

/** The generation flags a rerun needs to make the same bodies, e.g. " --no-streams --types any". */
export function generationFlags(results: RunResults): string {
  const g = results.generation;
  if (!g) return '';
  let out = '';
  if (g.maxFractionDigits !== undefined) out += ` --max-fraction-digits ${g.maxFractionDigits}`;
  if (g.longStrings === false) out += ' --no-long-strings';
  if (g.streams === false) out += ' --no-streams';
  if (g.types) out += ` --types ${g.types.join(',')}`;
  return out;
}
