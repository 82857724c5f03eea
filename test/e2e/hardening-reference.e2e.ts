import http from 'node:http';
import { startReference, type RunningServer } from '../../targets/reference';
import { COLLECTION, exampleBody } from '../../targets/testing';
import { loadSpecs } from '../../specs/loader';

type Answer = { status: number; body: unknown };

let service: RunningServer;
let agent: http.Agent;

beforeAll(async () => {
  service = await startReference();
  agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
});
afterAll(async () => {
  agent.destroy();
  await service.close();
});

function send(
  body: string | Buffer,
  headers: Record<string, string> = { 'content-type': 'application/json' },
  path = COLLECTION,
  method = 'POST',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${service.url}${path}`, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = text ? (JSON.parse(text) as unknown) : undefined;
        } catch {
          parsed = text;
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Every answer is a well-formed 201 entity or an OData error. */
function wellFormed(a: Answer): boolean {
  const specs = loadSpecs();
  return a.status === 201
    ? specs.createResponse(a.body)
    : a.status >= 400 && a.status < 500 && specs.odataError(a.body);
}

jest.setTimeout(120_000);

describe('the reference implementation under bad input stays up and answers well-formed', () => {
  const JSON_CT = { 'content-type': 'application/json' };
  // Every row has all three fields: jest takes a missing one for a done callback.
  const bad: Array<[string, string | Buffer, Record<string, string>]> = [
    ['malformed JSON', '{"@odata.type": ', JSON_CT],
    ['wrong Content-Type', JSON.stringify(exampleBody()), { 'content-type': 'text/plain' }],
    [
      'deeply nested JSON',
      `{"@odata.type":"#microsoft.graph.windowsOfficeClientConfiguration","x@odata.a":${'['.repeat(20000)}${']'.repeat(20000)}}`,
      JSON_CT,
    ],
    [
      '__proto__ key',
      '{"@odata.type":"#microsoft.graph.windowsOfficeClientConfiguration","__proto__":{"polluted":true}}',
      JSON_CT,
    ],
    [
      'constructor key',
      '{"@odata.type":"#microsoft.graph.windowsOfficeClientConfiguration","constructor":{"prototype":{"polluted":true}}}',
      JSON_CT,
    ],
    [
      'invalid UTF-8',
      Buffer.concat([
        Buffer.from('{"@odata.type":"#microsoft.graph.windowsOfficeClientConfiguration","displayName":"'),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from('"}'),
      ]),
      JSON_CT,
    ],
    [
      'duplicate keys',
      '{"@odata.type":"#microsoft.graph.windowsOfficeClientConfiguration","priority":1,"priority":"two"}',
      JSON_CT,
    ],
    ['body over the limit', JSON.stringify({ ...exampleBody(), description: 'x'.repeat(2 * 1024 * 1024) }), JSON_CT],
  ];
  test.each(bad)('%s', async (_name, body, headers) => {
    const a = await send(body, headers);
    expect(a.status).toBeGreaterThanOrEqual(400);
    expect(a.status).toBeLessThan(500);
    expect(wellFormed(a)).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect((await send(JSON.stringify(exampleBody()))).status).toBe(201);
  });

  test('a very long string within the limit is stored and echoed whole', async () => {
    const long = 'é✓𝄞'.repeat(60_000);
    const a = await send(JSON.stringify({ ...exampleBody(), displayName: long }));
    expect(a.status).toBe(201);
    expect((a.body as Record<string, unknown>)['displayName']).toBe(long);
  });

  test('a burst of 3000 concurrent creates: all well-formed, none lost or duplicated, memory bounded', async () => {
    const N = 3000;
    const before = process.memoryUsage().rss;
    const answers = await Promise.all(
      Array.from({ length: N }, (_, i) => send(JSON.stringify({ ...exampleBody(), priority: i }))),
    );
    expect(answers.filter((a) => !wellFormed(a))).toEqual([]);
    const ids = answers.map((a) => (a.body as Record<string, unknown>)['id'] as string);
    expect(new Set(ids).size).toBe(N);
    const reads = await Promise.all(ids.map((id) => send('', {}, `${COLLECTION}/${id}`, 'GET')));
    expect(reads.filter((r) => r.status !== 200)).toEqual([]);
    reads.forEach((r, i) => expect((r.body as Record<string, unknown>)['priority']).toBe(i));
    // The server shares this process: the growth covers 3000 stored entities plus 6000 exchanges.
    const grownMb = (process.memoryUsage().rss - before) / 1024 / 1024;
    console.log(`RSS grew by ${grownMb.toFixed(1)} MB over ${N} creates and reads`);
    expect(grownMb).toBeLessThan(400);
  });
});
