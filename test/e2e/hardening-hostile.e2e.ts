import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { runCli } from '../../cli/program';

/** A raw TCP server that answers GET like a polite server and POST with one hostile behaviour. */
type Behaviour = (socket: net.Socket, ctx: { otherPort: number }) => void;

const JSON_OK = (status: number, body: string, extra = ''): string =>
  `HTTP/1.1 ${status} X\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

interface Hostile {
  url: string;
  posts: () => number;
  close: () => Promise<void>;
}

async function hostile(behaviour: Behaviour, otherPort = 0): Promise<Hostile> {
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let posts = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buf = '';
    socket.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.slice(0, end);
      const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buf.length < end + 4 + length) return;
      buf = buf.slice(end + 4 + length);
      if (head.startsWith('GET')) socket.write(JSON_OK(200, '{"value":[]}'));
      else {
        posts++;
        behaviour(socket, { otherPort });
      }
    });
  });
  // Timers created by behaviours are cleared when the server closes.
  (server as unknown as { timers: Set<NodeJS.Timeout> }).timers = timers;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    posts: () => posts,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024));

const BEHAVIOURS: Array<[string, Behaviour]> = [
  ['never answers', () => undefined],
  [
    'answers a byte at a time',
    (s) => {
      const text = JSON_OK(201, '{"id":"x"}');
      let i = 0;
      const t = setInterval(() => {
        if (s.destroyed || i >= text.length) return clearInterval(t);
        s.write(text[i++] ?? '');
      }, 40);
      s.on('close', () => clearInterval(t));
    },
  ],
  ['resets the connection', (s) => s.resetAndDestroy()],
  [
    'closes in the middle of the body',
    (s) => s.end('HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{"id":"abc"'),
  ],
  [
    'sends an endless chunked body',
    (s) => {
      s.write('HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
      const chunk = `${(64 * 1024).toString(16)}\r\n${'a'.repeat(64 * 1024)}\r\n`;
      let sent = 0;
      const pump = (): void => {
        // Bounded even if the client never stops reading: at most 64 MiB.
        while (!s.destroyed && sent < 1024 && s.write(chunk)) sent++;
        if (!s.destroyed && sent < 1024) s.once('drain', pump);
      };
      pump();
    },
  ],
  [
    'claims gzip and sends a compression bomb',
    (s) =>
      s.end(
        Buffer.concat([
          Buffer.from(
            `HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\ncontent-length: ${bomb.length}\r\n\r\n`,
          ),
          bomb,
        ]),
      ),
  ],
  ['answers invalid JSON', (s) => s.write(JSON_OK(201, '{"id": "abc", oops'))],
  [
    'answers an empty body',
    (s) => s.write('HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 0\r\n\r\n'),
  ],
  [
    'answers HTML',
    (s) =>
      s.write(
        'HTTP/1.1 201 Created\r\ncontent-type: text/html\r\ncontent-length: 27\r\n\r\n<html><b>hello</b></html>\r\n',
      ),
  ],
  ['answers only 1xx', (s) => s.write('HTTP/1.1 102 Processing\r\n\r\n')],
  ['sends a malformed status line', (s) => s.end('HTTP/1.1 two-hundred OK\r\n\r\n')],
  [
    'redirects to another port',
    (s, { otherPort }) =>
      s.write(
        `HTTP/1.1 307 Temporary Redirect\r\nlocation: http://127.0.0.1:${otherPort}/officeConfiguration/clientConfigurations\r\ncontent-length: 0\r\n\r\n`,
      ),
  ],
];

const TOKEN = 'hostile-secret-token-5c1e0b';
let dir: string;
let witness: http.Server;
let witnessSawAuth = 0;
let witnessRequests = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hostile-'));
  witness = http.createServer((req, res) => {
    witnessRequests++;
    if (req.headers.authorization) witnessSawAuth++;
    res.end();
  });
  await new Promise<void>((r) => witness.listen(0, '127.0.0.1', r));
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await new Promise<void>((r) => witness.close(() => r()));
});

jest.setTimeout(60_000);

async function cli(args: string[]): Promise<{ code: number; out: string; err: string; ms: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const t0 = Date.now();
  const write = process.stderr.write.bind(process.stderr);
  const captured: string[] = [];
  // The console reporter writes to stderr directly; capture it so the test can search it.
  process.stderr.write = ((chunk: string | Uint8Array) => {
    captured.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') + captured.join(''), ms: Date.now() - t0 };
  } finally {
    process.stderr.write = write;
  }
}

describe('the suite against hostile targets ends cleanly, in bounded time', () => {
  // A target that answers 2xx with a broken body fails the checks (exit 1). One whose creates get no usable answer at
  // all cannot be judged: inconclusive (exit 2), the failing checks still shown, never a pass.
  const ANSWERS_2XX = new Set(['answers invalid JSON', 'answers an empty body', 'answers HTML']);
  test.each(BEHAVIOURS)('%s: a verdict with the check failures, no stack trace', async (name, behaviour) => {
    const port = (witness.address() as net.AddressInfo).port;
    const target = await hostile(behaviour, port);
    try {
      const r = await cli([
        'run',
        '--target',
        target.url,
        '--token',
        TOKEN,
        '--runs',
        '2',
        '--timeout',
        '500',
        '--concurrency',
        '4',
        '--max-response-bytes',
        '1000000',
        '--report-dir',
        join(dir, 'r'),
        '--seed',
        '5',
      ]);
      expect(target.posts()).toBeGreaterThan(0);
      expect(r.code).toBe(ANSWERS_2XX.has(name) ? 1 : 2);
      expect(r.err).toMatch(ANSWERS_2XX.has(name) ? /FAILED/ : /INCONCLUSIVE/);
      if (!ANSWERS_2XX.has(name)) {
        expect(r.err).toMatch(/status-201\s+FAIL/);
        expect(r.err).not.toMatch(/\bPASS\b/);
      }
      expect(r.err + r.out).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(r.err + r.out).not.toContain(TOKEN);
      expect(r.ms).toBeLessThan(45_000);
    } finally {
      await target.close();
    }
  });

  test('a redirect is reported and never followed with the token', async () => {
    // Runs its own redirecting target (it does not lean on the row above having run): the 307 points at the witness.
    const redirect = BEHAVIOURS.find(([name]) => name === 'redirects to another port');
    if (!redirect) throw new Error('no redirect behaviour');
    const before = { requests: witnessRequests, auth: witnessSawAuth };
    const target = await hostile(redirect[1], (witness.address() as net.AddressInfo).port);
    try {
      const r = await cli([
        'run',
        '--target',
        target.url,
        '--token',
        TOKEN,
        '--runs',
        '2',
        '--timeout',
        '500',
        '--report-dir',
        join(dir, 'redirect'),
        '--seed',
        '5',
      ]);
      expect(target.posts()).toBeGreaterThan(0);
      expect(r.err).toMatch(/307/);
    } finally {
      await target.close();
    }
    expect({ requests: witnessRequests - before.requests, auth: witnessSawAuth - before.auth }).toEqual({
      requests: 0,
      auth: 0,
    });
  });

  test('a target that never answers even the first GET: exit 2 with the URL and a hint', async () => {
    const target = await hostile(() => undefined);
    const never = net.createServer((s) => s.on('error', () => undefined));
    await new Promise<void>((r) => never.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(never.address() as net.AddressInfo).port}`;
    try {
      const r = await cli(['run', '--target', url, '--runs', '2', '--timeout', '300', '--report-dir', join(dir, 'n')]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(url);
      expect(r.err).toContain('hint:');
    } finally {
      never.close();
      await target.close();
    }
  });

  test('an unreachable target: exit 2 with the URL and a hint', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const r = await cli([
      'run',
      '--target',
      `http://127.0.0.1:${port}/beta`,
      '--runs',
      '2',
      '--report-dir',
      join(dir, 'u'),
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`http://127.0.0.1:${port}/beta`);
    expect(r.err).toMatch(/ECONNREFUSED/);
    expect(r.err).toContain('hint: start the server under test first');
    expect(r.err).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});

describe('bad input to the command line: exit 2, one clear line and a hint', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['malformed URL', ['run', '--target', 'not a url'], /is not a URL/],
    ['unknown check id', ['run', '--checks', 'status-201,nope'], /unknown check id "nope"/],
    ['non-numeric seed', ['run', '--seed', 'abc'], /--seed must be a whole number/],
    ['non-numeric runs', ['run', '--runs', '10x'], /--runs must be a whole number/],
    ['unknown profile', ['run', '--profile', 'lenient'], /unknown profile "lenient"/],
    ['missing value after a flag', ['run', '--runs'], /argument missing/],
    ['unwritable report dir', ['run', '--report-dir', '/etc/hostname/reports'], /cannot write to report dir/],
    ['bad header', ['run', '-H', 'no colon here'], /is not "Name: value"/],
    ['a header the transport owns', ['run', '-H', 'Keep-Alive: timeout=5'], /"Keep-Alive" is the transport's to set/],
    ['body framing by -H', ['run', '-H', 'transfer-encoding: chunked'], /"transfer-encoding" is the transport's/],
    ['bad shard', ['run', '--shard', '3/2'], /--shard must be i\/n/],
  ];
  test.each(cases)('%s', async (_name, args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/hint:|--help/);
    expect(r.err).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
