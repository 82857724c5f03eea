import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunEvent } from '../../engine/events';
import { DEFAULTS, runConformance } from '../../engine/run';

const ROOT = resolve(__dirname, '..', '..');
const TOKEN = `tok-${Date.now().toString(36)}-e7c41d9a2b`;

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/conformance.js'), ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr });
      },
    );
  });
}

/** A token with the characters encodings change: '+', '/', '=' and a quote. */
const ENCODABLE = `tok+${Date.now().toString(36)}/x=y"z`;
/** Every form the encoding target echoes the credential in. */
const echoedForms = (cred: string): string[] => [
  encodeURIComponent(cred),
  Buffer.from(cred).toString('base64'),
  Buffer.from(cred).toString('base64url'),
  JSON.stringify(cred).slice(1, -1),
];

/**
 * A target that echoes whatever credentials it gets: into the body, a header, an error message; with `encoded`, the
 * token after "Bearer " percent-encoded, base64 and base64url, and JSON-escaped, instead of as it came.
 */
function echoingTarget(encoded = false): http.Server {
  return http.createServer((req, res) => {
    const raw = req.headers.authorization ?? '';
    const auth = encoded ? echoedForms(raw.replace(/^Bearer /, '')).join(' ') : raw;
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.setHeader(
        'x-seen-authorization',
        encoded ? Buffer.from(raw.replace(/^Bearer /, '')).toString('base64') : auth,
      );
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET') return res.end(JSON.stringify({ value: [], note: auth }));
      res.statusCode = 201;
      let sent: Record<string, unknown> = {};
      try {
        sent = JSON.parse(body) as Record<string, unknown>;
      } catch {
        res.statusCode = 400;
        return res.end(JSON.stringify({ error: { code: 'badRequest', message: `bad body from ${auth}` } }));
      }
      res.end(JSON.stringify({ ...sent, id: auth, displayName: `hello ${auth}` }));
    });
  });
}

let dir: string;
let server: http.Server;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'secrets-'));
  server = echoingTarget();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await new Promise<void>((r) => server.close(() => r()));
});

jest.setTimeout(120_000);

describe('the token never reaches stdout, stderr, reports, case files or curl lines', () => {
  const runs: Array<[string, string[], NodeJS.ProcessEnv, number]> = [
    ['passing target, --token', ['run', '--runs', '10', '--seed', '3', '--token', TOKEN], {}, 0],
    ['passing target, GRAPH_TOKEN', ['run', '--runs', '10', '--seed', '3'], { GRAPH_TOKEN: TOKEN }, 0],
    [
      'failing mutant (auth not enforced)',
      ['run', '--runs', '10', '--seed', '3', '--mutant', 'auth-enforced'],
      { GRAPH_TOKEN: TOKEN },
      1,
    ],
    [
      'failing mutant (error shape)',
      ['run', '--runs', '10', '--seed', '3', '--mutant', 'odata-error-shape', '--token', TOKEN],
      {},
      1,
    ],
  ];

  test.each(runs)('%s', async (name, args, env, expected) => {
    const reportDir = join(dir, name.replace(/\W+/g, '-'));
    const r = await cli([...args, '--report-dir', reportDir], env);
    expect(r.code).toBe(expected);
    expect(r.out).not.toContain(TOKEN);
    const files = allFiles(reportDir);
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) expect({ f, leaked: readFileSync(f).includes(TOKEN) }).toEqual({ f, leaked: false });
  });

  test('a target that echoes the token percent-encoded, base64, base64url and JSON-escaped leaks none of them', async () => {
    const encoding = echoingTarget(true);
    await new Promise<void>((r) => encoding.listen(0, '127.0.0.1', r));
    try {
      const target = `http://127.0.0.1:${(encoding.address() as AddressInfo).port}`;
      const reportDir = join(dir, 'encoding');
      const r = await cli(['run', '--target', target, '--runs', '8', '--seed', '9', '--report-dir', reportDir], {
        GRAPH_TOKEN: ENCODABLE,
      });
      expect(r.code).toBe(1);
      const forms = [ENCODABLE, ...echoedForms(ENCODABLE)];
      for (const form of forms) expect({ form, inOutput: r.out.includes(form) }).toEqual({ form, inOutput: false });
      const files = allFiles(reportDir);
      expect(files.length).toBeGreaterThanOrEqual(4);
      for (const f of files) {
        const text = readFileSync(f, 'utf8');
        expect({ f, leaked: forms.filter((form) => text.includes(form)) }).toEqual({ f, leaked: [] });
      }
    } finally {
      await new Promise<void>((r) => encoding.close(() => r()));
    }
  });

  test('a target that echoes the token back everywhere still leaks nothing', async () => {
    const reportDir = join(dir, 'echoing');
    const r = await cli(['run', '--target', url, '--runs', '8', '--seed', '9', '--report-dir', reportDir], {
      GRAPH_TOKEN: TOKEN,
    });
    expect(r.code).toBe(1);
    expect(r.out).not.toContain(TOKEN);
    const files = allFiles(reportDir);
    expect(files.some((f) => f.endsWith('.json') && f.includes('cases'))).toBe(true);
    for (const f of files) expect({ f, leaked: readFileSync(f).includes(TOKEN) }).toEqual({ f, leaked: false });
    const results = readFileSync(join(reportDir, 'results.json'), 'utf8');
    expect(results).toContain('<redacted>');
    expect(results).toContain('$GRAPH_TOKEN');
  });
});

describe('the engine itself hands out nothing secret (no reporter wrapper in between)', () => {
  test('events and results of a run against a target that echoes the token and a secret header', async () => {
    const HEADER_SECRET = `hdr-${Date.now().toString(36)}-93ac07`;
    const events: RunEvent[] = [];
    const results = await runConformance(
      {
        target: { kind: 'url', url },
        token: TOKEN,
        headers: { 'X-Tenant-Key': HEADER_SECRET },
        runs: 6,
        seed: 11,
        concurrency: 2,
        timeoutMs: 5000,
        profile: 'graph-docs',
        maxResponseBytes: DEFAULTS.maxResponseBytes,
        shrink: true,
        maxShrinkRequests: 10,
        maxFailuresPerCheck: 3,
      },
      [{ onEvent: (e) => void events.push(e) }],
    );
    expect(results.exitCode).toBe(1);
    const failures = results.checks.flatMap((c) => c.failures);
    expect(failures.length).toBeGreaterThan(0);
    const everything = JSON.stringify({ events, results });
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(HEADER_SECRET);
    expect(everything).toContain('<redacted>');
    // The failures still show what the target answered, with the secret cut out.
    expect(failures.some((f) => JSON.stringify(f.response).includes('hello Bearer <redacted>'))).toBe(true);
  });
});
