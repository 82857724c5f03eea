import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { reportWriters } from '../../cli/commands/report-writers';
import type { RunResults } from '../../engine/events';
import { DEFAULTS, runConformance } from '../../engine/run';
import { formatHtml } from '../../reports/html';
import { RunStats } from '../../reports/stats';
import { caseEvents, hostileResults } from '../../reports/test-support/fixtures';
import { findMutant } from '../../targets/mutants';

/**
 * report.html opened in headless Chromium (Debian's `chromium`), fully offline:
 * - `--dump-dom` shows the verdict and the check ids in the DOM;
 * - a DevTools session (over --remote-debugging-pipe, no extra dependency) records every request the page makes
 *   (Network.requestWillBeSent, which also reports requests the CSP blocks): the only one must be the file itself.
 *   A control page with an <img> and a stylesheet from other hosts proves the recorder sees such requests.
 * All browser traffic goes to a local sink proxy, so nothing reaches the network even from the browser's own services.
 *
 * Without chromium: fails when $CI is set, else skips with a loud warning.
 */

function findChromium(): string | undefined {
  const explicit = process.env['CHROMIUM'];
  const candidates = explicit ? [explicit] : ['chromium', 'chromium-browser'];
  for (const name of candidates) {
    const paths = name.includes('/') ? [name] : (process.env['PATH'] ?? '').split(delimiter).map((d) => join(d, name));
    for (const p of paths) {
      try {
        accessSync(p, constants.X_OK);
        return p;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

const CHROMIUM = findChromium();
const CI = Boolean(process.env['CI']) && !/^(0|false)$/i.test(process.env['CI'] ?? '');
if (!CHROMIUM && !CI)
  console.warn(
    '\n*** SKIPPING the report.html browser tests: chromium is not installed. ***\n' +
      '*** Install it (apt-get update && apt-get install -y chromium) to run them; with CI set they fail instead. ***\n',
  );
const browserTest = CHROMIUM || CI ? test : test.skip;

function requireChromium(): string {
  if (!CHROMIUM)
    throw new Error('chromium is not installed but CI is set: install it (apt-get install -y chromium; see .ci/run)');
  return CHROMIUM;
}

let root: string;
let sink: http.Server;
let sinkPort = 0;
const pages: Record<'fixture' | 'run' | 'control', string> = { fixture: '', run: '', control: '' };
let fixture: RunResults;
let run: RunResults;

function flags(userDataDir: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-extensions',
    '--disable-default-apps',
    '--no-default-browser-check',
    `--user-data-dir=${userDataDir}`,
    // everything the browser sends goes to the local sink, loopback included: nothing reaches the network
    `--proxy-server=http://127.0.0.1:${sinkPort}`,
    '--proxy-bypass-list=<-loopback>',
  ];
}

let profiles = 0;
const profileDir = (): string => {
  const d = join(root, `profile-${++profiles}`);
  mkdirSync(d);
  return d;
};

function dumpDom(file: string): Promise<string> {
  const bin = requireChromium();
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      [...flags(profileDir()), '--dump-dom', pathToFileURL(file).href],
      { timeout: 30_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    );
  });
}

/**
 * A PNG screenshot of the page's first 4000 px (headless Chromium's --screenshot), for a look by eye. A URL fragment
 * leaves headless Chromium's screenshot blank, so the window is tall instead.
 */
function screenshot(file: string, out: string): Promise<Buffer> {
  const bin = requireChromium();
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      [...flags(profileDir()), `--screenshot=${out}`, '--window-size=1280,4000', pathToFileURL(file).href],
      { timeout: 30_000 },
      (err) => (err ? reject(err) : resolve(readFileSync(out))),
    );
  });
}

interface PageVisit {
  requests: string[];
  text: string;
}

/** Opens a page through the DevTools protocol on a pipe; returns every request it made and its rendered text. */
async function visit(file: string): Promise<PageVisit> {
  const bin = requireChromium();
  const child: ChildProcess = spawn(bin, [...flags(profileDir()), '--remote-debugging-pipe', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
  });
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // The pipes are sockets: when the browser closes (Browser.close, or the kill below) a read or write may end in
  // ECONNRESET/EPIPE. That is the browser going away, which `exited` covers, not a test failure; without a listener
  // the error would take the whole test file down.
  toBrowser.on('error', () => undefined);
  fromBrowser.on('error', () => undefined);
  const events: Array<{ method: string; sessionId?: string; params: Record<string, unknown> }> = [];
  const pending = new Map<number, (m: { result?: Record<string, unknown>; error?: unknown }) => void>();
  let buffer = '';
  fromBrowser.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (let at = buffer.indexOf('\0'); at >= 0; at = buffer.indexOf('\0')) {
      const msg = JSON.parse(buffer.slice(0, at)) as {
        id?: number;
        method?: string;
        sessionId?: string;
        params?: Record<string, unknown>;
        result?: Record<string, unknown>;
        error?: unknown;
      };
      buffer = buffer.slice(at + 1);
      const done = msg.id !== undefined ? pending.get(msg.id) : undefined;
      if (done && msg.id !== undefined) {
        pending.delete(msg.id);
        done(msg);
      } else if (msg.method)
        events.push({ method: msg.method, sessionId: msg.sessionId ?? '', params: msg.params ?? {} });
    }
  });
  let nextId = 0;
  const send = (
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, (m) =>
        m.error ? reject(new Error(`${method}: ${JSON.stringify(m.error)}`)) : resolve(m.result ?? {}),
      );
      toBrowser.write(JSON.stringify(sessionId ? { id, method, params, sessionId } : { id, method, params }) + '\0');
    });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  try {
    const { targetId } = (await send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    await send('Network.enable', {}, sessionId);
    await send('Page.enable', {}, sessionId);
    await send('Page.navigate', { url: pathToFileURL(file).href }, sessionId);
    const deadline = Date.now() + 20_000;
    while (!events.some((e) => e.method === 'Page.loadEventFired' && e.sessionId === sessionId)) {
      if (Date.now() > deadline) throw new Error('the page did not finish loading in 20 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 300)); // late requests (none expected) still get recorded
    const evaluated = (await send(
      'Runtime.evaluate',
      { expression: 'document.body.innerText', returnByValue: true },
      sessionId,
    )) as {
      result: { value: string };
    };
    const requests = events
      .filter((e) => e.method === 'Network.requestWillBeSent' && e.sessionId === sessionId)
      .map((e) => (e.params['request'] as { url: string }).url);
    await send('Browser.close').catch(() => undefined);
    return { requests, text: evaluated.result.value };
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'reports-html-'));
  sink = http.createServer((_req, res) => res.writeHead(502).end());
  // Browser background traffic through the proxy gets a 502; a reset from the browser on that socket is not ours to
  // report (a socket handed over by 'connect' has no error listener of its own).
  sink.on('connect', (_req, socket) => {
    socket.on('error', () => undefined);
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  sinkPort = (sink.address() as AddressInfo).port;

  // 1. hand-built results full of hostile strings, with charts from case events
  fixture = hostileResults();
  const stats = new RunStats();
  for (const e of caseEvents(120, ['status-201', 'echo-fields'])) stats.onEvent(e);
  pages.fixture = join(root, 'fixture.html');
  writeFileSync(pages.fixture, formatHtml(fixture, stats));

  // 2. a real (small) run against a mutant, written by the run's own writers
  const spec = findMutant('create-answers-201');
  if (!spec) throw new Error('mutant create-answers-201 is gone');
  const dir = join(root, 'run');
  mkdirSync(dir);
  run = await runConformance(
    {
      target: { kind: 'server', server: spec.createHandler(), label: 'mutant' },
      headers: {},
      runs: 6,
      seed: 3,
      concurrency: 2,
      timeoutMs: 5000,
      profile: 'graph-docs',
      maxResponseBytes: DEFAULTS.maxResponseBytes,
      shrink: true,
      maxShrinkRequests: 10,
      maxFailuresPerCheck: 2,
    },
    reportWriters(dir, {}),
  );
  pages.run = join(dir, 'report.html');

  // 3. a control page that does make requests to other hosts
  pages.control = join(root, 'control.html');
  writeFileSync(
    pages.control,
    '<!DOCTYPE html><html><body><p>control</p><img src="http://example.test/pixel.png">' +
      '<link rel="stylesheet" href="https://cdn.example.test/x.css"></body></html>',
  );
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (sink ? sink.close(() => resolve()) : resolve()));
  rmSync(root, { recursive: true, force: true });
});

describe('report.html in headless Chromium', () => {
  browserTest(
    '--dump-dom: the verdict and every check id are in the DOM',
    async () => {
      for (const [file, results] of [
        [pages.fixture, fixture],
        [pages.run, run],
      ] as const) {
        const dom = await dumpDom(file);
        expect(dom).toContain(`>${results.verdict.toUpperCase()}</span>`);
        for (const c of results.checks) expect(dom).toContain(`<code>${c.id}</code>`);
        expect(dom).toContain('<svg class="chart"');
        expect(dom).not.toContain('<script>alert'); // the hostile <script> stayed text
      }
    },
    60_000,
  );

  browserTest(
    'no request leaves the page; the rendered text shows verdict, checks, failures and charts',
    async () => {
      for (const [file, results] of [
        [pages.fixture, fixture],
        [pages.run, run],
      ] as const) {
        const v = await visit(file);
        expect(v.requests).toEqual([pathToFileURL(file).href]);
        expect(v.text).toContain(results.verdict.toUpperCase());
        for (const c of results.checks) expect(v.text).toContain(c.id);
        expect(v.text).toContain('Failures');
        expect(v.text).toContain('cases: median');
        if (results === fixture) {
          expect(v.text).toContain('<script>alert("x")</script>'); // shown as text, not run
          expect(v.text).toContain('😀𝄞');
        }
      }
    },
    60_000,
  );

  browserTest(
    'a real mutant run shows each finding with its pointer, expected and actual side by side',
    async () => {
      const failure = run.checks.find((c) => c.id === 'status-201')?.failures[0];
      expect(failure?.details).toEqual([expect.objectContaining({ expected: 201, actual: 200 })]);
      const dom = await dumpDom(pages.run);
      const table = /<table class="details">[\s\S]*?<\/table>/.exec(dom)?.[0] ?? '';
      expect(table).toContain('<th>pointer</th><th>expected</th><th>actual</th>');
      expect(table).toContain('<td><code>—</code></td><td><code>201</code></td><td><code>200</code></td>');
      // The screenshot is for a person to look at (SCREENSHOT_DIR keeps it); here it must at least be a real image.
      const out = join(process.env['SCREENSHOT_DIR'] ?? root, 'report-details.png');
      const png = await screenshot(pages.run, out);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      // A blank page compresses to about 10 kB; the rendered report is hundreds.
      expect(png.length).toBeGreaterThan(100_000);
    },
    60_000,
  );

  browserTest(
    'control: the recorder does see a page that requests other hosts',
    async () => {
      const v = await visit(pages.control);
      expect(v.requests).toEqual(
        expect.arrayContaining(['http://example.test/pixel.png', 'https://cdn.example.test/x.css']),
      );
    },
    60_000,
  );
});
