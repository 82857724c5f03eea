/**
 * A leniency end to end: a server that creates the only documented type when a body names none. graph-docs reports it
 * as a lenient-input warning and exits 0; odata-strict fails rejects-invalid and exits 1; the reference, which refuses
 * such bodies, passes both.
 */
import type { RunResults } from '../../engine/events';
import { DEFAULTS, runConformance } from '../../engine/run';
import { createReferenceHandler } from '../../targets/reference';
import type { Profile } from '../../checks/types';

const TOKEN = 'leniency-token-5e1';

function defaultsMissingType(): ReturnType<typeof createReferenceHandler> {
  return createReferenceHandler({
    token: TOKEN,
    hooks: {
      preprocessCreate: (body) =>
        '@odata.type' in body ? body : { '@odata.type': '#microsoft.graph.windowsOfficeClientConfiguration', ...body },
    },
  });
}

async function run(server: ReturnType<typeof createReferenceHandler>, profile: Profile): Promise<RunResults> {
  return runConformance({
    ...DEFAULTS,
    target: { kind: 'server', server, label: 'leniency' },
    token: TOKEN,
    headers: {},
    runs: 80,
    seed: 1234,
    profile,
    maxShrinkRequests: 10,
  });
}

const status = (r: RunResults, id: string): string | undefined => r.checks.find((c) => c.id === id)?.status;

jest.setTimeout(60_000);

test('graph-docs: acceptance of a body without @odata.type is a warning, the run passes', async () => {
  const r = await run(defaultsMissingType(), 'graph-docs');
  expect(status(r, 'lenient-input')).toBe('failed');
  expect(r.checks.find((c) => c.id === 'lenient-input')?.severity).toBe('warning');
  expect(r.checks.find((c) => c.id === 'lenient-input')?.failures[0]?.invalid?.leniency).toBe('missing-odata-type');
  expect(status(r, 'rejects-invalid')).toBe('passed');
  expect(r.exitCode).toBe(0);
});

test('odata-strict: the same server fails rejects-invalid and the run fails', async () => {
  const r = await run(defaultsMissingType(), 'odata-strict');
  expect(status(r, 'rejects-invalid')).toBe('failed');
  expect(r.checks.find((c) => c.id === 'rejects-invalid')?.failures[0]?.invalid?.rule).toBe(
    'required-property-missing',
  );
  expect(status(r, 'lenient-input')).toBe('skipped');
  expect(r.exitCode).toBe(1);
});

test('the reference refuses those bodies: passes in both profiles', async () => {
  for (const profile of ['graph-docs', 'odata-strict'] as const) {
    const r = await run(createReferenceHandler({ token: TOKEN }), profile);
    expect([profile, r.exitCode, r.checks.filter((c) => c.status === 'failed').map((c) => c.id)]).toEqual([
      profile,
      0,
      [],
    ]);
  }
});
