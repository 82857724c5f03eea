import type { Command } from 'commander';
import { SuiteError } from '../../engine/errors';
import { DEFAULT_PACT_DIR_LABEL } from '../../contracts/defaults';
import { publishPacts } from '../../contracts/publish';
import type { Io } from '../program';
import { intOption, tokenOption } from './pact';
import { secretFlagWarning } from './shared-options';

interface PublishFlags {
  brokerUrl?: string;
  consumerVersion?: string;
  branch?: string;
  token?: string;
  pactDir?: string;
  retries?: string;
  timeout?: string;
}

export function registerPublish(program: Command, io: Io): void {
  program
    .command('publish')
    .description(
      'publish the pact files to a Pact Broker (2.86+ or PactFlow) with the official pact-broker client (consumer side of the contract); exit 0 published, 2 not published',
    )
    .option('--broker-url <url>', 'base URL of the Pact Broker (required), e.g. https://broker.example.com')
    .option('--consumer-version <v>', 'version of the consumer the pacts belong to (required), e.g. the git SHA')
    .option('--branch <b>', 'branch of that consumer version, e.g. main')
    .option(
      '--token <t>',
      'broker bearer token (default: $PACT_BROKER_TOKEN); passed in the environment, never printed',
    )
    .option('--pact-dir <dir>', `folder of the pact files to publish (default ${DEFAULT_PACT_DIR_LABEL})`)
    .option(
      '--retries <n>',
      'retries of a failed broker request (5xx, 408, 429), back-off from 0.5 s doubling (default 3)',
    )
    .option('--timeout <ms>', 'stop the client after this many ms (default 120000)')
    .action(async (flags: PublishFlags) => {
      if (flags.brokerUrl === undefined || flags.brokerUrl.trim() === '')
        throw new SuiteError(
          'bad-option',
          'publish needs --broker-url, the base URL of the Pact Broker',
          'e.g. --broker-url https://broker.example.com (or your PactFlow URL)',
        );
      if (flags.consumerVersion === undefined || flags.consumerVersion.trim() === '')
        throw new SuiteError(
          'bad-option',
          'publish needs --consumer-version, the version of the consumer these pacts belong to',
          'e.g. --consumer-version "$GITHUB_SHA"',
        );
      const token = tokenOption(flags.token, process.env['PACT_BROKER_TOKEN'], 'PACT_BROKER_TOKEN');
      // After the options are checked: bad input gets its error and hint alone.
      if (flags.token !== undefined) io.err(secretFlagWarning('--token', 'PACT_BROKER_TOKEN'));
      const result = await publishPacts({
        brokerUrl: flags.brokerUrl,
        consumerVersion: flags.consumerVersion,
        ...(flags.branch !== undefined ? { branch: flags.branch } : {}),
        ...(token !== undefined ? { token } : {}),
        ...(flags.pactDir !== undefined ? { pactDir: flags.pactDir } : {}),
        retries: intOption('retries', flags.retries, 0, 20, 3),
        timeoutMs: intOption('timeout', flags.timeout, 1000, 3_600_000, 120_000),
        log: (line) => io.err(line),
      });
      for (const p of result.pacts)
        io.out(
          `published ${p.file} (${p.consumer} -> ${p.provider}, ${p.interactions} interactions) as ${result.consumerVersion}${result.branch ? ` on ${result.branch}` : ''} to ${result.brokerUrl}`,
        );
    });
}
