/**
 * `verify` passes what `run` passes: the committed pact (graph-docs readings) verifies against every conforming
 * variant that claims graph-docs (targets/variants), and a strict pact (`pact --profile odata-strict`) against every
 * variant that claims odata-strict; the strict pact fails a variant only graph-docs allows (no Location), so it is
 * the stricter of the two.
 *
 * The lifecycle interactions (contracts/lifecycle.ts) are verified too, against the lifecycle variants as well
 * (PATCH answering 204, DELETE and updatePriorities answering 200, small pages): the pact takes every conforming
 * answer it can tell apart by status (a statusCode matcher), so each variant verifies the whole pact.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONSUMER, DEFAULT_PACT_DIR, DEFAULT_PROVIDER, pactFileName } from '../../contracts/defaults';
import type { PactVerificationResults } from '../../contracts/results';
import type { Profile } from '../../checks/types';
import {
  createReferenceHandler,
  getOwn,
  isJsonObject,
  setOwn,
  startServer,
  type Answer,
  type JsonObject,
  type ReferenceHandler,
  type ReferenceOptions,
  type RunningServer,
} from '../../targets/reference';
import { runsIn, VARIANTS } from '../../targets/variants';
import { cli, removeDir, tempDir } from './pact-support';

jest.setTimeout(300_000);

const BOUNDED = ['--total-timeout', '60000', '--timeout', '10000'];
const TOKEN = 'pact-variants-Secret-3b81d0';
const FILE = pactFileName(DEFAULT_CONSUMER, DEFAULT_PROVIDER);
const GRAPH_DOCS_PACT = join(DEFAULT_PACT_DIR, FILE);
/** Verifications at once: each starts a verifier process. */
const PARALLEL = 4;

interface Target {
  name: string;
  profiles: ReadonlyArray<Profile>;
  createHandler(options?: ReferenceOptions): ReferenceHandler;
}

/**
 * A variant of this test's own, beside the catalog's: the readings the catalog does not exercise. It takes every
 * graph-docs freedom a 201 can take at once (no Location, no '#' anywhere, no nested @odata.type, no Streams, no
 * lastModifiedDateTime, `@odata.context`, a Content-Type in other letter case with OData parameters) and answers an
 * invalid body 422 with an innerError (rejects-invalid asks for a 4xx, not a 400).
 */
const ALL_FREEDOMS: Target = {
  name: 'pact-test-all-graph-docs-freedoms',
  profiles: ['graph-docs'],
  createHandler: (options = {}) =>
    createReferenceHandler({
      ...options,
      hooks: {
        shapeCreateAnswer: (answer) => ({
          ...answer,
          headers: { 'content-type': 'Application/JSON;odata.metadata=minimal;Charset=UTF-8' },
          body: isJsonObject(answer.body) ? loosen(answer.body, true) : answer.body,
        }),
        shapeError: (answer) => {
          if (answer.status !== 400 || !isJsonObject(answer.body)) return answer;
          const body = JSON.parse(JSON.stringify(answer.body)) as JsonObject;
          const error = getOwn(body, 'error');
          if (isJsonObject(error)) setOwn(error, 'innerError', { date: '2024-05-01T12:00:00', 'request-id': 'r-1' });
          return { ...answer, status: 422, body } satisfies Answer;
        },
      },
    }),
};

const STREAM_KEYS = new Set(['userPreferencePayload', 'policyPayload']);

function loosen(value: JsonObject, top: boolean): JsonObject {
  const out: JsonObject = {};
  if (top) out['@odata.context'] = 'http://127.0.0.1/$metadata#officeConfiguration/clientConfigurations/$entity';
  for (const [k, v] of Object.entries(value)) {
    if (STREAM_KEYS.has(k) || k === 'lastModifiedDateTime') continue;
    if (k === '@odata.type') {
      if (top && typeof v === 'string') out[k] = v.replace(/^#/, '');
      continue;
    }
    out[k] = Array.isArray(v)
      ? v.map((x: unknown) => (isJsonObject(x) ? loosen(x, false) : x))
      : isJsonObject(v)
        ? loosen(v, false)
        : v;
  }
  return out;
}

const claiming = (profile: Profile, targets: ReadonlyArray<Target>): Target[] =>
  targets.filter((t) => t.profiles.includes(profile));

interface Verified {
  name: string;
  code: number;
  /** Each failed interaction with the Pact mismatches, for a readable assertion when a variant fails. */
  failed: string[];
  results?: PactVerificationResults;
}

async function verifyAgainst(t: Target, pact: string, dirs: string[]): Promise<Verified> {
  const dir = tempDir(`variant-${t.name}`);
  dirs.push(dir);
  let server: RunningServer | undefined;
  try {
    // As pact-verify.e2e starts the reference: the handler on 127.0.0.1, an ephemeral port, the token enforced. The
    // lifecycle states (contracts/states.ts) create their configuration through the variant's own POST.
    server = await startServer(t.createHandler({ token: TOKEN }));
    const r = await cli([
      'verify',
      '--target',
      server.url,
      '--token',
      TOKEN,
      '--pact',
      pact,
      '--report-dir',
      dir,
      '--quiet',
      ...BOUNDED,
    ]);
    let results: PactVerificationResults | undefined;
    try {
      results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as PactVerificationResults;
    } catch {
      // no results.json: the error line says why
    }
    const failed = [
      ...(results?.checks[0]?.failures ?? []).map((f) => `${f.interaction}: ${f.messages.join(' | ')}`),
      ...(results?.errors ?? []).map((e) => `error [${e.code}]: ${e.message}`),
      ...(results ? [] : r.err),
    ];
    return { name: t.name, code: r.code, failed, ...(results ? { results } : {}) };
  } finally {
    await server?.close();
  }
}

/** Runs fn over items, at most `limit` at a time, results in item order. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// A transient difference (throttling) is waited out by `run`; Pact sends each interaction once, so a provider verifies
// with it switched off, and so does this test. A variant judged only in the stateful run (refusing priority clashes:
// the pact's creates share priorities, as a POST run's do) stays out, as it does of the POST matrix. So does a variant
// implementing part of the family (crud-only): the generated pact has an interaction for every operation.
const TARGETS: ReadonlyArray<Target> = [
  ...VARIANTS.filter((v) => !v.transient && runsIn(v, 'run') && !v.operations),
  ALL_FREEDOMS,
];

describe('verify passes the conforming variants run passes', () => {
  const dirs: string[] = [];
  let strictPact: string;

  beforeAll(async () => {
    const out = tempDir('variants-strict-pact');
    dirs.push(out);
    const r = await cli(['pact', '--profile', 'odata-strict', '--out', out]);
    expect({ code: r.code, err: r.code === 0 ? [] : r.err }).toEqual({ code: 0, err: [] });
    strictPact = join(out, FILE);
  });
  afterAll(() => dirs.forEach(removeDir));

  test('the catalog has variants to verify: the reference, microsoft-stack, and more claiming graph-docs', () => {
    const names = claiming('graph-docs', VARIANTS).map((v) => v.name);
    expect(names).toEqual(expect.arrayContaining(['reference', 'microsoft-stack']));
    expect(names.length).toBeGreaterThanOrEqual(5);
  });

  test('the committed graph-docs pact verifies (exit 0) against every variant claiming graph-docs', async () => {
    const targets = claiming('graph-docs', TARGETS);
    const runs = await pool(targets, PARALLEL, (t) => verifyAgainst(t, GRAPH_DOCS_PACT, dirs));
    const verdicts = runs.map((r) => ({ variant: r.name, code: r.code, failed: r.failed }));
    expect(verdicts).toEqual(targets.map((t) => ({ variant: t.name, code: 0, failed: [] })));
    for (const r of runs) expect(r.results?.pacts[0]?.interactions).toBeGreaterThanOrEqual(15);
  });

  test('the lifecycle variants run: PATCH 204, DELETE 200, updatePriorities 200, small pages, refusing clashes', () => {
    const names = claiming('graph-docs', TARGETS).map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(['patch-answers-204', 'delete-answers-200', 'update-priorities-200', 'small-pages']),
    );
    // It refuses only priorities already taken, and none of the pact's creates meets one.
    expect(names).toContain('refuses-priority-clash');
  });

  test('a strict pact verifies (exit 0) against every variant claiming odata-strict', async () => {
    const targets = claiming('odata-strict', TARGETS);
    expect(targets.length).toBeGreaterThan(0);
    const runs = await pool(targets, PARALLEL, (t) => verifyAgainst(t, strictPact, dirs));
    expect(runs.map((r) => ({ variant: r.name, code: r.code, failed: r.failed }))).toEqual(
      targets.map((t) => ({ variant: t.name, code: 0, failed: [] })),
    );
  });

  test('the strict pact is stricter: it fails microsoft-stack (no Location), which the graph-docs pact passes', async () => {
    const stack = VARIANTS.find((v) => v.name === 'microsoft-stack');
    if (!stack) throw new Error('targets/variants has no microsoft-stack variant');
    expect(stack.profiles).not.toContain('odata-strict');
    const r = await verifyAgainst(stack, strictPact, dirs);
    expect(r.code).toBe(1);
    const check = r.results?.checks[0];
    const created = new Set(
      (
        JSON.parse(readFileSync(strictPact, 'utf8')) as {
          interactions: Array<{ description: string; response: { status: number } }>;
        }
      ).interactions
        .filter((i) => i.response.status === 201)
        .map((i) => i.description),
    );
    const creates = r.results?.pacts[0]?.results?.filter((x) => created.has(x.interaction)) ?? [];
    // Every create fails, and each for the missing Location header among its mismatches; the lifecycle interactions
    // expect no Location and pass.
    expect(creates.length).toBeGreaterThanOrEqual(7);
    expect(check?.failedCases).toBe(creates.length);
    for (const f of check?.failures ?? [])
      expect({
        interaction: f.interaction,
        location: f.mismatches.some((m) => /Location/i.test(`${m.key ?? ''} ${m.message}`)),
      }).toEqual({
        interaction: f.interaction,
        location: true,
      });
    // And this test's own variant (no Location, no '#') fails it too.
    expect((await verifyAgainst(ALL_FREEDOMS, strictPact, dirs)).code).toBe(1);
  });
});
