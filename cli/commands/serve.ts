import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { SuiteError } from '../../engine/errors';
import { findMutant, MUTANT_NAMES, MUTANTS } from '../../targets/mutants';
import { createReferenceHandler, normaliseBasePath, type ReferenceOptions } from '../../targets/reference/handler';
import { DEFAULT_HOST, startServer, type RunningServer } from '../../targets/reference/server';
import { selfSignedCertificate } from '../../targets/reference/tls';
import type { Io } from '../program';

export interface ServeOptions {
  port: string;
  host: string;
  token?: string;
  basePath?: string;
  mutant?: string;
  maxBodyBytes?: string;
  pageSize?: string;
  tls?: boolean;
  tlsCertOut?: string;
  listMutants?: boolean;
}

/** Resolves on the first SIGINT or SIGTERM, then stops listening for them. */
export function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
    throw new SuiteError(
      'bad-option',
      `--port must be a whole number from 0 to 65535, got "${text}"`,
      'pass --port 0 (or leave it out) for a free ephemeral port',
    );
  return Number(text);
}

function parseBytes(text: string): number {
  if (!/^\d{1,12}$/.test(text) || Number(text) < 1)
    throw new SuiteError(
      'bad-option',
      `--max-body-bytes must be a positive whole number, got "${text}"`,
      'the default is 1048576 (1 MiB)',
    );
  return Number(text);
}

function parsePageSize(text: string): number {
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1)
    throw new SuiteError(
      'bad-option',
      `--page-size must be a positive whole number, got "${text}"`,
      'the default is 999; a client asks for other page sizes with $top',
    );
  return Number(text);
}

function listMutants(io: Io): void {
  const width = Math.max(...MUTANTS.map((m) => m.name.length));
  for (const m of MUTANTS)
    io.out(
      `${m.name.padEnd(width)}  ${m.trigger.padEnd(11)}  breaks ${[...m.breaks, ...(m.lifecycle?.breaks ?? []).map((r) => `${r} (run --stateful)`)].join(', ')}: ${m.description}`,
    );
}

/** Checks the options and builds what `serve` runs; every bad value is a SuiteError with a hint. */
export function resolveServe(
  opts: ServeOptions,
  log: (line: string) => void = () => undefined,
): {
  listener: RequestListener;
  port: number;
  host: string;
  basePath: string;
  what: string;
  secured: boolean;
  tls: boolean;
} {
  const port = parsePort(opts.port);
  const host = opts.host.trim();
  if (host === '') throw new SuiteError('bad-option', '--host must not be empty', `the default is ${DEFAULT_HOST}`);
  let basePath: string;
  try {
    basePath = normaliseBasePath(opts.basePath);
  } catch (e) {
    throw new SuiteError('bad-option', `--base-path: ${(e as Error).message}`, 'for example --base-path /beta');
  }
  if (opts.token !== undefined && !/^[\x21-\x7e]+$/.test(opts.token))
    throw new SuiteError(
      'bad-option',
      '--token must be non-empty printable ASCII without spaces',
      'a bearer token travels in an HTTP header: use letters, digits and punctuation only',
    );
  const options: ReferenceOptions = { basePath, log };
  if (opts.token !== undefined) options.token = opts.token;
  if (opts.maxBodyBytes !== undefined) options.maxBodyBytes = parseBytes(opts.maxBodyBytes);
  if (opts.pageSize !== undefined) options.pageSize = parsePageSize(opts.pageSize);
  if (opts.tlsCertOut !== undefined && !opts.tls)
    throw new SuiteError('bad-option', '--tls-cert-out needs --tls', 'add --tls to serve HTTPS');
  if (opts.tlsCertOut !== undefined && opts.tlsCertOut.trim() === '')
    throw new SuiteError(
      'bad-option',
      '--tls-cert-out must name a file',
      'for example --tls-cert-out ./reference-cert.pem',
    );
  let listener: RequestListener;
  let what = 'the reference implementation';
  if (opts.mutant !== undefined) {
    const spec = findMutant(opts.mutant);
    if (!spec)
      throw new SuiteError(
        'unknown-mutant',
        `there is no mutant named "${opts.mutant}"`,
        `run \`conformance serve --list-mutants\`; known: ${MUTANT_NAMES.join(', ')}`,
      );
    listener = spec.createHandler(options);
    what = `mutant ${spec.name} (${spec.description})`;
  } else {
    listener = createReferenceHandler(options);
  }
  return { listener, port, host, basePath, what, secured: opts.token !== undefined, tls: opts.tls === true };
}

/**
 * `--tls`: a self-signed certificate made now (node:crypto, tls.ts) for 127.0.0.1, ::1, localhost and the --host,
 * its PEM written where a client can read it: --tls-cert-out, or a new temporary folder removed on stop. HTTPS
 * matters for the official Graph clients: their AuthenticationHandler only sends the bearer token to an https URL
 * (Graph's own hosts, or a `customHosts` entry), so against a plain-http service a token never leaves the client.
 */
function prepareTls(
  host: string,
  certOut: string | undefined,
): { key: string; cert: string; certFile: string; names: string[]; cleanup: () => void } {
  const made = selfSignedCertificate([host]);
  let certFile: string;
  let cleanup = (): void => undefined;
  try {
    if (certOut !== undefined) {
      certFile = resolve(certOut);
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'conformance-serve-tls-'));
      certFile = join(dir, 'reference-cert.pem');
      cleanup = () => rmSync(dir, { recursive: true, force: true });
    }
    writeFileSync(certFile, made.cert, { mode: 0o644 });
  } catch (e) {
    cleanup();
    throw new SuiteError(
      'bad-option',
      `cannot write the TLS certificate: ${(e as Error).message}`,
      '--tls-cert-out must name a file in a folder that exists and can be written',
    );
  }
  return { key: made.key, cert: made.cert, certFile, names: made.names, cleanup };
}

/**
 * Serves until `stop` resolves, then closes every connection. Prints the service root alone on stdout (scripts read
 * that line) and the rest on stderr. The token is never printed.
 */
export async function serve(opts: ServeOptions, io: Io, stop: () => Promise<unknown> = waitForSignal): Promise<void> {
  if (opts.listMutants) {
    listMutants(io);
    return;
  }
  const plan = resolveServe(opts, (line) => io.err(line));
  const tls = plan.tls ? prepareTls(plan.host, opts.tlsCertOut) : undefined;
  let running: RunningServer;
  try {
    running = await startServer(plan.listener, {
      port: plan.port,
      host: plan.host,
      basePath: plan.basePath,
      ...(tls ? { tls: { key: tls.key, cert: tls.cert } } : {}),
    });
  } catch (e) {
    tls?.cleanup();
    const err = e as NodeJS.ErrnoException;
    throw new SuiteError(
      'listen-failed',
      `cannot listen on ${plan.host}:${plan.port}: ${err.code ?? err.message}`,
      err.code === 'EADDRINUSE'
        ? 'that port is taken: choose another --port, or --port 0 for a free one'
        : 'check --host (an address of this machine, e.g. 127.0.0.1) and --port',
    );
  }
  if (tls)
    io.err(
      `TLS certificate (self-signed, for ${tls.names.join(', ')}): ${tls.certFile}; trust it with NODE_EXTRA_CA_CERTS=${tls.certFile}, curl --cacert ${tls.certFile} or conformance run --ca ${tls.certFile}`,
    );
  io.out(running.url);
  io.err(`serving ${plan.what} at ${running.url}${plan.secured ? ' (bearer token required)' : ''}; stop with Ctrl-C`);
  try {
    await stop();
    await running.close();
  } finally {
    tls?.cleanup();
  }
  io.err('stopped');
}

export function registerServe(program: Command, io: Io): void {
  program
    .command('serve')
    .description('serve the reference implementation (or one of its mutants) until interrupted')
    .option('--port <port>', 'port to listen on (0: a free ephemeral port)', '0')
    .option('--host <host>', 'address to bind', DEFAULT_HOST)
    .option('--token <token>', 'require Authorization: Bearer <token> on every request (never printed)')
    .option('--base-path <path>', 'service root below the origin, e.g. /beta')
    .option('--max-body-bytes <n>', 'largest request body accepted (413 above it)', '1048576')
    .option('--page-size <n>', 'entities per page of the list when the request names no $top', '999')
    .option(
      '--tls',
      'serve HTTPS with a self-signed certificate made at start-up (its file is printed on stderr for clients to trust)',
    )
    .option('--tls-cert-out <file>', 'with --tls: write the certificate (PEM) here instead of a temporary folder')
    .option('--mutant <name>', 'serve a mutant (the reference with one known fault) instead of the reference')
    .option('--list-mutants', 'list the mutants, the checks each must fail, and exit')
    .action((opts: ServeOptions) => serve(opts, io));
}
