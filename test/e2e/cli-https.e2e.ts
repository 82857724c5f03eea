import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../cli/program';
import { createReferenceHandler } from '../../targets';

let dir: string;
let server: https.Server;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'https-'));
  // A throwaway self-signed certificate for 127.0.0.1, made for this test only.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  server = https.createServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    createReferenceHandler(),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => lines.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const code = await runCli(args, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    return { code, out: lines.join('\n') };
  } finally {
    process.stderr.write = write;
  }
}

jest.setTimeout(60_000);

describe('https targets', () => {
  test('an untrusted certificate: exit 2, saying why, with a hint', async () => {
    const r = await cli(['run', '--target', url, '--runs', '3', '--report-dir', join(dir, 'a')]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/self[- ]signed/i);
    expect(r.out).toContain('hint:');
  });

  test('--ca with the signing certificate: the run passes', async () => {
    const r = await cli([
      'run',
      '--target',
      url,
      '--ca',
      join(dir, 'cert.pem'),
      '--runs',
      '3',
      '--report-dir',
      join(dir, 'b'),
    ]);
    expect(r.code).toBe(0);
  });

  test('--insecure: the run passes without verification', async () => {
    const r = await cli(['run', '--target', url, '--insecure', '--runs', '3', '--report-dir', join(dir, 'c')]);
    expect(r.code).toBe(0);
  });

  test('--ca with a missing file: exit 2 with a hint', async () => {
    const r = await cli(['run', '--target', url, '--ca', join(dir, 'nope.pem'), '--report-dir', join(dir, 'd')]);
    expect(r.code).toBe(2);
    expect(r.out).toContain('--ca');
    expect(r.out).toContain('hint:');
  });
});
