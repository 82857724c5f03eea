import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { SuiteError } from '../../engine/errors';
import { createRedactor } from '../../engine/redact';
import { DEFAULT_PACT_DIR_LABEL } from '../../contracts/defaults';
import { formatVerificationSummary, writeResultsJson } from '../../contracts/results';
import { writeVerificationReports } from '../../contracts/report';
import { verifyPacts } from '../../contracts/verify';
import { checkTargetUrl, ensureWritableDir } from '../options';
import type { Io } from '../program';
import { intOption, tokenOption } from './pact';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

export const DEFAULT_VERIFY_REPORT_DIR = join('reports', 'out', 'pact-verification');

interface VerifyFlags {
  target?: string;
  pact?: string[];
  token?: string;
  reportDir?: string;
  timeout?: string;
  totalTimeout?: string;
  quiet?: boolean;
}

export function registerVerify(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('verify')
    .description(
      'verify pact files against a provider with the Pact Verifier (provider side of the contract); writes results.json like `run`, junit.xml (a testcase per interaction) and summary.md; exit 0 verified, 1 an interaction failed, 2 could not run',
    )
    .option('--target <url>', 'service root of the provider (required), e.g. http://127.0.0.1:8080/beta')
    .option(
      '--pact <file>',
      `a pact file to verify (repeatable; default every ${DEFAULT_PACT_DIR_LABEL}/*.json)`,
      collect,
    )
    .option(
      '--token <token>',
      'bearer token added to every replayed request (default: $GRAPH_TOKEN); never printed or written',
    )
    .option(
      '--report-dir <dir>',
      `where results.json, junit.xml and summary.md go (default ${DEFAULT_VERIFY_REPORT_DIR})`,
    )
    .option('--timeout <ms>', 'per-request timeout in ms (default 10000)')
    .option('--total-timeout <ms>', 'stop the whole verification after this many ms (default 120000)')
    .option('--quiet', "print only the summary, not the Pact verifier's report")
    .action(async (flags: VerifyFlags) => {
      if (flags.target === undefined || flags.target.trim() === '')
        throw new SuiteError(
          'bad-option',
          'verify needs --target, the service root of the provider',
          'e.g. --target http://127.0.0.1:8080/beta (`conformance serve` runs the reference implementation)',
        );
      checkTargetUrl(flags.target);
      const token = tokenOption(flags.token, process.env['GRAPH_TOKEN'], 'GRAPH_TOKEN');
      const timeoutMs = intOption('timeout', flags.timeout, 1, 600_000, 10_000);
      const totalTimeoutMs = intOption('total-timeout', flags.totalTimeout, 1000, 3_600_000, 120_000);
      const reportDir = resolve(flags.reportDir ?? DEFAULT_VERIFY_REPORT_DIR);
      ensureWritableDir(reportDir);
      const redact = createRedactor([token]);
      const results = await verifyPacts({
        target: flags.target,
        ...(flags.pact ? { pacts: flags.pact } : {}),
        ...(token !== undefined ? { token } : {}),
        timeoutMs,
        totalTimeoutMs,
        ...(flags.quiet ? {} : { log: (line: string) => io.err(redact(line)) }),
      });
      writeResultsJson(reportDir, results);
      writeVerificationReports(reportDir, results);
      for (const line of formatVerificationSummary(results, reportDir)) io.err(redact(line));
      setExit(results.exitCode);
    });
}
