/**
 * The lifecycle interactions of the committed pact (contracts/lifecycle.ts) verified end to end: their provider
 * states (contracts/states.ts) create a configuration through the target's own POST, with the token, and the
 * Verifier injects its id; the reference passes and is left as it was found (teardown); the lifecycle mutants a single
 * interaction can see fail exactly that interaction; and one a single DELETE cannot see passes (`run --stateful`
 * finds it), which is the limit of a contract, not a fault of the suite.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { DEFAULT_CONSUMER, DEFAULT_PACT_DIR, DEFAULT_PROVIDER, pactFileName } from '../../contracts/defaults';
import { EXAMPLE_ID } from '../../contracts/matchers';
import type { PactVerificationResults } from '../../contracts/results';
import { startMutant } from '../../targets/mutants';
import { createReferenceHandler, startServer, type RunningServer } from '../../targets/reference';
import { cli, filesBelow, removeDir, tempDir } from './pact-support';

jest.setTimeout(120_000);
const BOUNDED = ['--total-timeout', '60000', '--timeout', '5000'];
const TOKEN = 'pact-lifecycle-Secret-c41d9e';
const PACT = join(DEFAULT_PACT_DIR, pactFileName(DEFAULT_CONSUMER, DEFAULT_PROVIDER));
const C = '/officeConfiguration/clientConfigurations';

interface PactJson {
  interactions: Array<{
    description: string;
    providerStates: Array<{ name: string }>;
    request: { method: string; path: string };
    response: { status: number };
  }>;
}
const INTERACTIONS = (JSON.parse(readFileSync(PACT, 'utf8')) as PactJson).interactions;
const isCreate = (i: PactJson['interactions'][number]): boolean => i.request.method === 'POST' && i.request.path === C;
const LIFECYCLE = INTERACTIONS.filter((i) => !isCreate(i));
/** The creates that store a configuration (201); the invalid one stores nothing. */
const STORED = INTERACTIONS.filter((i) => isCreate(i) && i.response.status === 201).length;
const describing = (prefix: string): string => {
  const found = LIFECYCLE.find((i) => i.description.startsWith(prefix));
  if (!found) throw new Error(`no lifecycle interaction "${prefix}..."`);
  return found.description;
};

const readResults = (dir: string): PactVerificationResults =>
  JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as PactVerificationResults;

describe('the lifecycle interactions, verified with provider states', () => {
  const dirs: string[] = [];
  const reportDir = (name: string): string => {
    const d = tempDir(`lifecycle-${name}`);
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach(removeDir));

  const verify = (url: string, dir: string) =>
    cli(['verify', '--target', url, '--token', TOKEN, '--report-dir', dir, '--quiet', ...BOUNDED]);

  test('the reference passes them all: the ids come from the states, and teardown leaves the store as found', async () => {
    const handler = createReferenceHandler({ token: TOKEN });
    const seen: string[] = [];
    const recording = Object.assign(
      (req: IncomingMessage, res: ServerResponse) => {
        seen.push(
          `${req.method ?? ''} ${req.url ?? ''} ${req.headers.authorization === `Bearer ${TOKEN}` ? 'token' : 'none'}`,
        );
        handler(req, res);
      },
      { store: handler.store },
    );
    const server = await startServer(recording);
    const dir = reportDir('reference');
    try {
      const r = await verify(server.url, dir);
      expect({ code: r.code, err: r.code === 0 ? [] : r.err }).toEqual({ code: 0, err: [] });
      const results = readResults(dir);
      expect(results.pacts[0]?.results?.filter((x) => !x.passed)).toEqual([]);
      expect(
        LIFECYCLE.map((i) => i.description).every((d) => results.pacts[0]?.results?.some((x) => x.interaction === d)),
      ).toBe(true);
      // Every request carried the token (the states' included), and none went to the pact's example id: each
      // lifecycle request addressed the configuration its state had just made.
      expect(seen.filter((l) => !l.endsWith(' token'))).toEqual([]);
      expect(seen.filter((l) => l.includes(EXAMPLE_ID))).toEqual([]);
      const byId = seen.filter((l) =>
        /^(?:GET|PATCH|DELETE|POST) \/officeConfiguration\/clientConfigurations\/[^/ ]+/.test(l),
      );
      expect(byId.length).toBeGreaterThanOrEqual(LIFECYCLE.length);
      // The states' configurations were deleted by their teardown: what is left is what the creates made.
      expect(handler.store.size).toBe(STORED);
      expect(r.all).not.toContain(TOKEN);
      for (const f of filesBelow(dir))
        expect({ file: f.file, leaked: f.text.includes(TOKEN) }).toEqual({ file: f.file, leaked: false });
    } finally {
      await server.close();
    }
  });

  // Lifecycle mutants whose fault one interaction shows, the interaction, and what Pact says.
  const VISIBLE: Array<{ mutant: string; interaction: string; message: RegExp; status: number }> = [
    {
      mutant: 'patch-answers-202',
      interaction: describing('an update of a configuration'),
      message: /Expected status code 202 to be a 200, 204/,
      status: 202,
    },
    {
      mutant: 'assign-answers-bare-array',
      interaction: describing('an assign of one group'),
      message: /Type mismatch: .*\(Array\) to be the same type as .*\(Object\)/,
      status: 200,
    },
    {
      mutant: 'get-after-create',
      interaction: describing('a read of a configuration by its id'),
      message: /expected 200 but was 404/,
      status: 404,
    },
  ];

  test.each(VISIBLE)('fails (exit 1) against $mutant, on exactly its interaction', async (c) => {
    let server: RunningServer | undefined;
    const dir = reportDir(c.mutant);
    try {
      server = await startMutant(c.mutant, { token: TOKEN });
      const r = await verify(server.url, dir);
      expect(r.code).toBe(1);
      const check = readResults(dir).checks[0];
      expect(check?.failures.map((f) => f.interaction)).toEqual([c.interaction]);
      const f = check?.failures[0];
      expect(f?.messages.join('\n')).toMatch(c.message);
      // The request as sent: the state's configuration, not the pact's example id; the target's real answer.
      expect(f?.request.url).not.toContain(EXAMPLE_ID);
      expect(f?.request.url).toMatch(new RegExp(`${C}/[^/]+`));
      expect(f?.response.status).toBe(c.status);
      expect(f?.request.headers['authorization']).toBe('Bearer <redacted>');
      expect(r.all).toContain(`FAIL ${c.interaction}`);
      expect(r.all).not.toContain(TOKEN);
    } finally {
      await server?.close();
    }
  });

  test('a single DELETE cannot see delete-keeps-readable (204, nothing removed): it passes; run --stateful finds it', async () => {
    const server = await startMutant('delete-keeps-readable', { token: TOKEN });
    const dir = reportDir('delete-keeps-readable');
    try {
      const r = await verify(server.url, dir);
      expect(r.code).toBe(0);
      expect(readResults(dir).checks[0]?.failedCases).toBe(0);
    } finally {
      await server.close();
    }
  });
});
