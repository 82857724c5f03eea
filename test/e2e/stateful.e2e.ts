/**
 * The stateful mode (`run --stateful`): lifecycle sequences judged against a model. Against the reference every rule
 * is judged and passes; each lifecycle mutant fails exactly its rules, with a sequence shrunk to the commands its
 * fault needs; the --priority-clash readings each fail the server that breaks them; a failing sequence's script
 * reproduces the fault against a fresh server; the CLI refuses options that need --stateful.
 */
import { spawn } from 'node:child_process';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { cliCapture } from '../support/cli-capture';
import { mergeResults } from '../../reports/merge';
import { LIFECYCLE_RULE_IDS, type PriorityClashReading, type StatefulOperation } from '../../checks/types';
import type { RunResults } from '../../engine/events';
import { DEFAULTS, runConformance } from '../../engine/run';
import { startMutant, startReference } from '../../targets';
import { MUTANTS } from '../../targets/mutants';
import type { ReferenceHandler } from '../../targets/reference/handler';
import { createReferenceHandler, errorAnswer } from '../../targets/reference';
import { findVariant } from '../../targets/variants';

jest.setTimeout(300_000);

const TOKEN = 'stateful-token-3f9a1c';

async function stateful(
  handler: ReferenceHandler,
  seed: number,
  extra: { sequences?: number; priorityClash?: PriorityClashReading } = {},
): Promise<RunResults> {
  return runConformance({
    ...DEFAULTS,
    target: { kind: 'server', server: handler, label: 'stateful' },
    token: TOKEN,
    headers: {},
    runs: 0,
    seed,
    readBackWaitMs: 500,
    stateful: { sequences: extra.sequences ?? 100, priorityClash: extra.priorityClash ?? 'either' },
  });
}

/** Runs a shell script from stdin; resolves to what it printed (rejects when it exits non-zero). */
function runScript(script: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', [], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`sh exited ${String(code)}: ${out}`))));
    child.stdin.end(script);
  });
}

const lifecycle = (r: RunResults) => r.checks.filter((c) => c.id.startsWith('lifecycle-'));
const failedIds = (r: RunResults): string[] => r.checks.filter((c) => c.status === 'failed').map((c) => c.id);

/** The commands each lifecycle fault needs at least: what its shrunk sequence may not exceed. */
const NEEDS: Record<string, number> = {
  'patch-drops-unnamed': 3, // create, a PATCH that drops a property, something that reads it
  'stale-read-after-patch': 3, // create, PATCH, GET
  'delete-leaves-listed': 3, // create, DELETE, the list
  'page-boundary-skips': 4, // three creates (a page of 2 and one more), a list in small pages
  'list-never-ends': 2, // the list (a create at most)
  'list-next-link-loops': 2, // the same
  'lagging-delete-leaves-listed': 3, // the same, on a service whose first read of a new entity misses it
  'delete-keeps-readable': 2, // create, DELETE (its GET is part of the DELETE command)
  'assign-appends': 3, // create, an assignment (assign or create), assign
  'update-priorities-first-only': 3, // two creates, updatePriorities
  'priority-clash-with-itself': 2, // create, PATCH with its own priority
  'assignment-patch-ignored': 3, // create, create an assignment, PATCH it
  'patch-answers-202': 2, // create, PATCH
  'assign-answers-bare-array': 2, // create, assign
  'update-priorities-unrouted': 3, // two creates, updatePriorities
  'assignment-target-dropped': 2, // create, create an assignment (read back at once)
  'patch-null-ignored': 3, // create, a PATCH giving a value (when the create gave none), a PATCH with null
  'patch-not-validated': 2, // create, an invalid PATCH
  'allow-header-missing': 4, // a create (fast-check keeps a second command here), then the end: the list and the POST
  // Judged once per run, not by a sequence: its failure is the refused request itself (NO_SEQUENCE).
  'update-priorities-bare-only': 0,
};
const NO_SEQUENCE = new Set(['lifecycle-action-url']);

describe('run --stateful against the reference', () => {
  test('every lifecycle rule is judged and passes; each sequence cleans up after itself', async () => {
    const handler = createReferenceHandler({ token: TOKEN });
    const r = await stateful(handler, 7);
    expect(lifecycle(r).map((c) => `${c.id}: ${c.status}`)).toEqual(LIFECYCLE_RULE_IDS.map((id) => `${id}: passed`));
    expect(r.exitCode).toBe(0);
    expect(r.stateful?.sequences).toBe(100);
    // Every configuration a sequence created was deleted at its end: the collection is empty again.
    const list = await request(handler)
      .get('/officeConfiguration/clientConfigurations')
      .set('authorization', `Bearer ${TOKEN}`);
    expect(list.status).toBe(200);
    expect((list.body as { value: unknown[] }).value).toEqual([]);
  });
});

describe('lifecycle mutants', () => {
  const lifecycleMutants = MUTANTS.filter((m) => m.lifecycle);

  test('the catalogue has the lifecycle faults this file knows the needs of', () => {
    expect(lifecycleMutants.map((m) => m.name).sort()).toEqual(Object.keys(NEEDS).sort());
  });

  test.each(Object.keys(NEEDS))('%s fails exactly its rules, shrunk to the commands its fault needs', async (name) => {
    const spec = lifecycleMutants.find((m) => m.name === name);
    if (!spec?.lifecycle) throw new Error(`no lifecycle mutant ${name}`);
    const r = await stateful(spec.createHandler({ token: TOKEN }), 101);
    expect(failedIds(r).sort()).toEqual([...spec.lifecycle.breaks].sort());
    for (const id of spec.lifecycle.breaks) {
      const minimal = r.checks.find((c) => c.id === id)?.failures[0];
      expect(minimal?.minimal).toBe(true);
      if (NO_SEQUENCE.has(id)) {
        expect(minimal?.reproduce.path).toMatch(/^action:/);
        expect(minimal?.message).toMatch(/microsoft\.graph\.updatePriorities, which a source documents/);
        continue;
      }
      expect(minimal?.sequence?.commands.length).toBeLessThanOrEqual(NEEDS[name] as number);
      expect(minimal?.reproduce.path).toMatch(/^sequence:\d+(:\d+)*$/);
    }
  });
});

describe('a collection that holds configurations the sequences did not create', () => {
  /** Someone else's configurations, none valid by the schema (a priority that is not a number). */
  function addForeign(handler: ReferenceHandler, count: number): void {
    for (let i = 0; i < count; i++)
      handler.store.insert(`foreign-${i}`, {
        '@odata.type': '#microsoft.graph.windowsOfficeClientConfiguration',
        id: `foreign-${i}`,
        displayName: `someone else's ${i}`,
        priority: 'not a number',
      });
  }

  test('are neither judged nor kept: the reference passes; a failing list step keeps only the own items', async () => {
    const reference = createReferenceHandler({ token: TOKEN });
    addForeign(reference, 40);
    const passed = await stateful(reference, 7, { sequences: 40 });
    expect(lifecycle(passed).filter((c) => c.status === 'failed')).toEqual([]);
    expect(passed.exitCode).toBe(0);

    const spec = MUTANTS.find((m) => m.name === 'delete-leaves-listed');
    if (!spec) throw new Error('no mutant');
    const mutant = spec.createHandler({ token: TOKEN });
    addForeign(mutant, 40);
    const r = await stateful(mutant, 101, { sequences: 40 });
    expect(failedIds(r)).toEqual(['lifecycle-list']);
    const steps = r.checks.find((c) => c.id === 'lifecycle-list')?.failures[0]?.sequence?.steps ?? [];
    const pages = steps.filter((s) => s.label === 'list');
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) {
      const ids = ((page.response.json as { value: Array<{ id: string }> }).value ?? []).map((v) => v.id);
      expect(ids.filter((id) => id.startsWith('foreign-'))).toEqual([]);
      expect(page.response.text).toMatch(
        /\n\(\d+ other configurations on this page left out: not created by this sequence\)$/,
      );
    }
  });
});

describe('inconclusive sequences judge no rule', () => {
  const lifecycleStatuses = (r: RunResults): string[] =>
    lifecycle(r).map((c) => `${c.id}: ${c.status}${c.status === 'skipped' ? '' : ' (judged)'}`);

  test('refused with 401 throughout, or throttled past the wait budget: every rule not judged, none failed', async () => {
    const refused = await runConformance({
      ...DEFAULTS,
      target: { kind: 'server', server: createReferenceHandler({ token: TOKEN }), label: 'refused' },
      token: 'not-the-token',
      headers: {},
      runs: 0,
      seed: 5,
      readBackWaitMs: 100,
      stateful: { sequences: 10, priorityClash: 'either' },
    });
    // A server that serves three requests, then answers 429 to everything.
    const reference = createReferenceHandler({ token: TOKEN });
    let served = 0;
    const throttling: ReferenceHandler = Object.assign(
      (req: IncomingMessage, res: ServerResponse) => {
        if (++served <= 3) return reference(req, res);
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
        res.end('{"error":{"code":"tooManyRequests","message":"slow down"}}');
      },
      { store: reference.store },
    );
    const throttled = await runConformance({
      ...DEFAULTS,
      target: { kind: 'server', server: throttling, label: 'throttled' },
      token: TOKEN,
      headers: {},
      runs: 0,
      seed: 5,
      readBackWaitMs: 100,
      throttle: { maxWaitMs: 2000 },
      stateful: { sequences: 10, priorityClash: 'either' },
    });
    for (const [r, why] of [
      [refused, /no valid create succeeded/],
      [throttled, /the target kept throttling/],
    ] as const) {
      expect(r.verdict).toBe('inconclusive');
      expect(r.exitCode).toBe(2);
      expect(lifecycleStatuses(r)).toEqual(LIFECYCLE_RULE_IDS.map((id) => `${id}: skipped`));
      for (const c of lifecycle(r)) expect(c.skippedReason).toMatch(why);
    }
    expect(lifecycle(refused).find((c) => c.id === 'lifecycle-status')?.skippedReason).toMatch(
      /its failing answers were 401$/,
    );
    expect(lifecycle(throttled).find((c) => c.id === 'lifecycle-status')?.skippedReason).toMatch(
      /its failing answers were 429$/,
    );
  });
});

describe('shards', () => {
  test('split the sequences; merged, they count every sequence and keep the failure', async () => {
    const spec = MUTANTS.find((m) => m.name === 'delete-keeps-readable');
    if (!spec) throw new Error('no mutant');
    const shard = (index: number) =>
      runConformance({
        ...DEFAULTS,
        target: { kind: 'server', server: spec.createHandler({ token: TOKEN }), label: 'shard' },
        token: TOKEN,
        headers: {},
        runs: 0,
        seed: 21,
        readBackWaitMs: 200,
        shard: { index, total: 2 },
        stateful: { sequences: 41 },
      });
    const [a, b] = [await shard(1), await shard(2)];
    expect([a.stateful?.sequences, b.stateful?.sequences]).toEqual([21, 20]);
    const merged = mergeResults([
      { dir: 'a', results: a },
      { dir: 'b', results: b },
    ]);
    expect(merged.stateful?.sequences).toBe(41);
    expect(merged.checks.find((c) => c.id === 'lifecycle-delete')?.status).toBe('failed');
    expect(merged.exitCode).toBe(1);
  });
});

describe('a target that stops answering', () => {
  test('ends the run after a few unanswered requests, inconclusive with a hint, instead of a timeout per sequence', async () => {
    // Answers the preflight (a GET of the collection), then accepts every other request and never answers it.
    let received = 0;
    const hanging = http.createServer((req, res) => {
      received++;
      if (req.method === 'GET' && (req.url ?? '').includes('$top=1')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"value":[]}');
      }
    });
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    try {
      const r = await runConformance({
        ...DEFAULTS,
        target: { kind: 'url', url: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}` },
        token: TOKEN,
        headers: {},
        runs: 0,
        seed: 4,
        timeoutMs: 300,
        stateful: { sequences: 100 },
      });
      expect(r.verdict).toBe('inconclusive');
      expect(r.errors.map((e) => e.code)).toEqual(['no-answer']);
      expect(r.errors[0]?.hint).toMatch(/curl its service root/);
      expect(lifecycle(r).filter((c) => c.status !== 'skipped')).toEqual([]);
      // The preflight and the five unanswered requests reached the target, not one request (and a timeout) for
      // each of the 100 sequences.
      expect(received).toBeLessThanOrEqual(1 + 5);
      expect(r.stateful?.sequences).toBe(100);
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((r) => hanging.close(() => r()));
    }
  });
});

describe('a rule is judged only when an answer was judged by it', () => {
  const run = (server: ReferenceHandler) =>
    runConformance({
      ...DEFAULTS,
      target: { kind: 'server', server, label: 'partial' },
      token: TOKEN,
      headers: {},
      runs: 0,
      seed: 9,
      readBackWaitMs: 100,
      stateful: { sequences: 30 },
    });
  const status = (r: RunResults, id: string) => {
    const c = r.checks.find((x) => x.id === id);
    return `${c?.status ?? 'absent'}: ${c?.skippedReason ?? ''}`;
  };

  test('every list answering 500: lifecycle-list is not judged (it said PASS), lifecycle-status fails', async () => {
    const server = createReferenceHandler({
      token: TOKEN,
      hooks: {
        shapeAnswer: (a, ctx) =>
          ctx.method === 'GET' && ctx.target.kind === 'collection' ? errorAnswer(500, 'the list is broken') : a,
      },
    });
    const r = await run(server);
    expect(status(r, 'lifecycle-status')).toMatch(/^failed/);
    expect(status(r, 'lifecycle-list')).toMatch(
      /^skipped: not judged: every request meant for it was answered with a status that stopped it \(500 ×\d+;/,
    );
  });

  test('no assignments endpoint (404): lifecycle-assignments and lifecycle-assign say why they were not judged', async () => {
    const server = createReferenceHandler({
      token: TOKEN,
      hooks: {
        shapeAnswer: (a, ctx) =>
          ctx.target.kind === 'assignments' ||
          ctx.target.kind === 'assignment' ||
          (ctx.target.kind === 'action' && ctx.target.action === 'assign')
            ? errorAnswer(404, 'no such resource')
            : a,
      },
    });
    const r = await run(server);
    expect(status(r, 'lifecycle-status')).toMatch(/^failed/);
    for (const id of ['lifecycle-assignments', 'lifecycle-assign'])
      expect(status(r, id)).toMatch(
        /^skipped: not judged: every request meant for it was answered with a status that stopped it \(404 ×\d+;/,
      );
  });
});

describe('--operations: a server implementing part of the family', () => {
  const crudOnly = (): ReferenceHandler =>
    (findVariant('crud-only') as NonNullable<ReturnType<typeof findVariant>>).createHandler({ token: TOKEN });
  const run = (server: ReferenceHandler, operations?: StatefulOperation[]) =>
    runConformance({
      ...DEFAULTS,
      target: { kind: 'server', server, label: 'crud-only' },
      token: TOKEN,
      headers: {},
      runs: 0,
      seed: 5,
      readBackWaitMs: 100,
      stateful: { sequences: 40, ...(operations ? { operations } : {}) },
    });

  test('scoped to what it implements, a CRUD-only server passes; the rules of the rest are skipped, saying why', async () => {
    const r = await run(crudOnly(), ['create', 'get', 'list', 'update', 'delete']);
    expect(r.exitCode).toBe(0);
    const lines = lifecycle(r).map((c) => `${c.id}: ${c.status}${c.skippedReason ? ` (${c.skippedReason})` : ''}`);
    for (const id of ['lifecycle-status', 'lifecycle-schema', 'lifecycle-read', 'lifecycle-delete', 'lifecycle-list'])
      expect(lines).toContain(`${id}: passed`);
    expect(lines).toContain(
      'lifecycle-assign: skipped (not judged: --operations leaves out assign, listAssignments, which its commands send)',
    );
    expect(lines).toContain(
      'lifecycle-priorities: skipped (not judged: --operations leaves out updatePriorities, which its commands send)',
    );
    expect(lines.find((l) => l.startsWith('lifecycle-assignments'))).toMatch(
      /skipped \(not judged: --operations leaves out .*createAssignment/,
    );
    expect(r.stateful?.operations).toEqual(['create', 'get', 'list', 'update', 'delete']);
  });

  test('not scoped, the same server fails lifecycle-status (its requests for the rest answer 404 or 405)', async () => {
    const r = await run(crudOnly());
    expect(failedIds(r)).toEqual(['lifecycle-status']);
    expect(r.exitCode).toBe(1);
  });

  test('a scope without list sends no list, and lifecycle-list says it was left out', async () => {
    const r = await run(createReferenceHandler({ token: TOKEN }), ['create', 'get', 'update']);
    expect(r.exitCode).toBe(0);
    const list = r.checks.find((c) => c.id === 'lifecycle-list');
    expect(list?.skippedReason).toBe('not judged: --operations leaves out list, which its commands send');
    expect(r.checks.find((c) => c.id === 'lifecycle-read')?.status).toBe('passed');
  });
});

describe("priorities are the run's own", () => {
  const shards = (server: ReferenceHandler, nonce?: number) =>
    Promise.all(
      [1, 2].map((index) =>
        runConformance({
          ...DEFAULTS,
          target: { kind: 'server', server, label: `shard ${index}` },
          token: TOKEN,
          headers: {},
          runs: 0,
          seed: 21,
          readBackWaitMs: 200,
          shard: { index, total: 2 },
          stateful: {
            sequences: 60,
            priorityClash: 'either',
            ...(nonce !== undefined ? { priorityNonce: nonce } : {}),
          },
        }),
      ),
    );
  const refusing = (): ReferenceHandler =>
    findVariant('refuses-priority-clash')?.createHandler({ token: TOKEN }) as ReferenceHandler;

  test('two shards of one seed at once against one server that refuses clashes: no clash between them', async () => {
    const [a, b] = await shards(refusing());
    for (const r of [a, b]) {
      expect(r ? failedIds(r) : ['no result']).toEqual([]);
      expect(r?.exitCode).toBe(0);
    }
    // Each run drew its own band, and results.json says which.
    const nonces = [a?.stateful?.priorityNonce, b?.stateful?.priorityNonce];
    expect(nonces).toEqual([expect.any(Number), expect.any(Number)]);
    expect(nonces[0]).not.toBe(nonces[1]);
    // Control: the same band in both (as when priorities came from the seed) and they do clash.
    const same = await shards(refusing(), 42);
    expect(same.flatMap(failedIds)).toContain('lifecycle-priority-clash');
  });

  test('the same seed and nonce send the same priorities; another nonce moves the band', async () => {
    const sent = async (nonce: number): Promise<number[]> => {
      const reference = createReferenceHandler({ token: TOKEN });
      const priorities: number[] = [];
      // Reads each create's body beside the reference (both listen to the same request stream).
      const spy: ReferenceHandler = Object.assign(
        (req: IncomingMessage, res: ServerResponse) => {
          const url = req.url ?? '';
          if (req.method === 'POST' && url.endsWith('/clientConfigurations')) {
            let text = '';
            req.on('data', (c: Buffer) => (text += c.toString('utf8')));
            req.on('end', () => {
              const p = (JSON.parse(text) as { priority?: unknown }).priority;
              if (typeof p === 'number') priorities.push(p);
            });
          }
          return reference(req, res);
        },
        { store: reference.store },
      );
      const r = await runConformance({
        ...DEFAULTS,
        target: { kind: 'server', server: spy, label: 'nonce' },
        token: TOKEN,
        headers: {},
        runs: 0,
        seed: 3,
        stateful: { sequences: 10, priorityNonce: nonce },
      });
      expect(r.stateful?.priorityNonce).toBe(nonce);
      return priorities;
    };
    const [a, again, other] = [await sent(7), await sent(7), await sent(8)];
    expect(a.length).toBeGreaterThan(0);
    expect(again).toEqual(a);
    // The next band: every priority 6 (PRIORITY_BAND) higher.
    expect(other).toEqual(a.map((p) => p + 6));
  });
});

describe('--priority-clash in the create cases', () => {
  test('a 409 for a priority an earlier create took: allowed by either, a status-201 failure under store', async () => {
    const createCases = (priorityClash?: PriorityClashReading) =>
      runConformance({
        ...DEFAULTS,
        target: {
          kind: 'server',
          server: findVariant('refuses-priority-clash')?.createHandler({ token: TOKEN }) as ReferenceHandler,
          label: 'refusing',
        },
        token: TOKEN,
        headers: {},
        runs: 100,
        seed: 303,
        ...(priorityClash ? { priorityClash } : {}),
      });
    const either = await createCases();
    expect(failedIds(either)).toEqual([]);
    expect(either.exitCode).toBe(0);
    const store = await createCases('store');
    expect(failedIds(store)).toEqual(['status-201']);
    expect(store.checks.find((c) => c.id === 'status-201')?.failures[0]?.message).toMatch(
      /answered 409, expected 201 \(its priority was taken by an earlier create; --priority-clash store demands it is stored\)/,
    );
  });
});

describe('--priority-clash readings', () => {
  const clash = (r: RunResults): string | undefined =>
    r.checks.find((c) => c.id === 'lifecycle-priority-clash')?.status;

  test('either passes a server that stores a clash and one that refuses it', async () => {
    expect(clash(await stateful(createReferenceHandler({ token: TOKEN }), 11))).toBe('passed');
    const refusing = findVariant('refuses-priority-clash')?.createHandler({ token: TOKEN }) as ReferenceHandler;
    expect(clash(await stateful(refusing, 11))).toBe('passed');
  });

  test('refuse fails the server that stores a clash; store fails the one that refuses it', async () => {
    const stores = await stateful(createReferenceHandler({ token: TOKEN }), 11, { priorityClash: 'refuse' });
    expect(failedIds(stores)).toEqual(['lifecycle-priority-clash']);
    const refusing = findVariant('refuses-priority-clash')?.createHandler({ token: TOKEN }) as ReferenceHandler;
    const refuses = await stateful(refusing, 11, { priorityClash: 'store' });
    expect(failedIds(refuses)).toEqual(['lifecycle-priority-clash']);
  });
});

describe('the CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stateful-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cli = cliCapture;

  test('a failing sequence is written as a case and a script that reproduces the fault on a fresh server', async () => {
    const first = await startMutant('delete-keeps-readable', { token: TOKEN });
    const reportDir = join(dir, 'report');
    let code: number;
    try {
      ({ code } = await cli([
        'run',
        '--target',
        first.url,
        '--token',
        TOKEN,
        '--stateful',
        '--runs',
        '0',
        '--sequences',
        '20',
        '--seed',
        '5',
        '--read-back-wait',
        '200',
        '--report-dir',
        reportDir,
      ]));
    } finally {
      await first.close();
    }
    expect(code).toBe(1);
    const script = join(reportDir, 'cases', 'lifecycle-delete.sh');
    expect(existsSync(script)).toBe(true);
    const text = readFileSync(script, 'utf8');
    const summary = readFileSync(join(reportDir, 'summary.md'), 'utf8');
    expect(summary).toContain('The sequence (');
    const html = readFileSync(join(reportDir, 'report.html'), 'utf8');
    expect(html).toMatch(/<ol class="sequence"><li><code>create [^<]*<\/code><\/li><li><code>delete/);
    // The token is written nowhere in the reports.
    for (const f of readdirSync(reportDir, { recursive: true }) as string[]) {
      const p = join(reportDir, f);
      if (f.includes('.')) expect(readFileSync(p, 'utf8')).not.toContain(TOKEN);
    }
    // Against a fresh server the script creates, deletes and reads again: the read still answers 200.
    const fresh = await startMutant('delete-keeps-readable', { token: TOKEN });
    try {
      // Asynchronously: the server answers from this process's event loop, which a synchronous child would block.
      const out = await runScript(text.split(first.url).join(fresh.url), { ...process.env, GRAPH_TOKEN: TOKEN });
      expect(out).toMatch(/HTTP\/1\.1 204/);
      expect(out).toMatch(/HTTP\/1\.1 200/);
    } finally {
      await fresh.close();
    }
    // replay generates the shrunk sequence again from seed and path: it still fails against the mutant and passes
    // against the reference.
    const caseFile = join(reportDir, 'cases', 'lifecycle-delete.json');
    const again = await cli(['replay', caseFile, '--mutant', 'delete-keeps-readable', '--token', TOKEN]);
    expect(again.code).toBe(1);
    expect(again.out).toContain('still fails lifecycle-delete');
    expect(again.out).toMatch(/1\. create /);
    const fixed = await startReference({ token: TOKEN });
    try {
      const now = await cli(['replay', caseFile, '--target', fixed.url, '--token', TOKEN]);
      expect(now.code).toBe(0);
      expect(now.out).toContain('passes now');
    } finally {
      await fixed.close();
    }
  });

  test('sequences alone against the wrong service root: inconclusive with a hint, not a failure of the target', async () => {
    const ref = await startReference({ token: TOKEN });
    try {
      const r = await cli([
        'run',
        '--target',
        `${ref.url}/nowhere`,
        '--token',
        TOKEN,
        '--stateful',
        '--runs',
        '0',
        '--sequences',
        '5',
        '--report-dir',
        join(dir, 'wrong-root'),
      ]);
      expect(r.code).toBe(2);
      expect(r.out).toContain('INCONCLUSIVE');
      expect(r.out).toMatch(/not the service root/);
    } finally {
      await ref.close();
    }
  });

  test('options that need --stateful are refused without it; --runs 0 needs it too', async () => {
    const a = await cli(['run', '--sequences', '5', '--report-dir', join(dir, 'x')]);
    expect(a.code).toBe(2);
    expect(a.out).toMatch(/--sequences only applies to the stateful mode/);
    const b = await cli(['run', '--runs', '0', '--report-dir', join(dir, 'y')]);
    expect(b.code).toBe(2);
    expect(b.out).toMatch(/add --stateful/);
    const c = await cli(['run', '--stateful', '--priority-clash', 'sometimes', '--report-dir', join(dir, 'z')]);
    expect(c.code).toBe(2);
    expect(c.out).toMatch(/either, refuse, store/);
    const d = await cli(['run', '--operations', 'create,get', '--report-dir', join(dir, 'o1')]);
    expect(d.code).toBe(2);
    expect(d.out).toMatch(/--operations only applies to the stateful mode/);
    const e = await cli(['run', '--stateful', '--operations', 'create,Get,lists', '--report-dir', join(dir, 'o2')]);
    expect(e.code).toBe(2);
    expect(e.out).toMatch(/unknown operation "Get"/);
    expect(e.out).toMatch(/did you mean get\?/);
    const f = await cli(['run', '--stateful', '--operations', 'get,list', '--report-dir', join(dir, 'o3')]);
    expect(f.code).toBe(2);
    expect(f.out).toMatch(/must include create/);
  });
});
