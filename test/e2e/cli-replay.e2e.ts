import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliCapture } from '../support/cli-capture';
import { startReference } from '../../targets';

/** replay's three answers: 0 passes now, 1 still fails, 2 cannot tell (the check no longer applies). */

jest.setTimeout(60_000);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-replay-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = cliCapture;

/** A target that has broken its create: 500 to every POST; the collection GET (reachability) still answers. */
async function serverErrorOnCreate(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST') {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'InternalServerError', message: 'boom' } }));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ value: [] }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/beta`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('replay of a read-after-create case', () => {
  let caseFile: string;

  beforeAll(async () => {
    const d = join(dir, 'run');
    const r = await cli([
      'run',
      '--mutant',
      'get-after-create',
      '--runs',
      '3',
      '--seed',
      '5',
      '--checks',
      'read-after-create',
      '--report-dir',
      d,
    ]);
    expect(r.code).toBe(1);
    caseFile = join(d, 'cases', 'read-after-create.json');
    expect(existsSync(caseFile)).toBe(true);
  });

  test('still failing (the mutant): exit 1', async () => {
    const r = await cli(['replay', caseFile, '--mutant', 'get-after-create']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('still fails read-after-create');
  });

  test('fixed (the reference): exit 0, passes now', async () => {
    const ref = await startReference();
    try {
      const r = await cli(['replay', caseFile, '--target', ref.url]);
      expect(r.code).toBe(0);
      expect(r.out).toContain('passes now: read-after-create is satisfied');
    } finally {
      await ref.close();
    }
  });

  test('the create now answers 500, so nothing is read back: exit 2, inconclusive, not "passes now"', async () => {
    const target = await serverErrorOnCreate();
    try {
      const r = await cli(['replay', caseFile, '--target', target.url]);
      expect(r.out).toContain(
        'inconclusive: read-after-create no longer applies to this exchange (answered 500, no read-back) — the case cannot show whether the fault is fixed',
      );
      expect(r.out).not.toContain('passes now');
      expect(r.out).toContain('hint:');
      expect(r.code).toBe(2);
    } finally {
      await target.close();
    }
  });
});
