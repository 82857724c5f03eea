import { startReference, type RunningServer } from '../../targets/reference';
import { COLLECTION, exampleBody } from '../../targets/testing';

type Body = Record<string, unknown>;
const N = 500;

describe('reference implementation under concurrent requests (real HTTP, 127.0.0.1)', () => {
  let service: RunningServer;
  beforeAll(async () => {
    service = await startReference({ basePath: '/beta' });
  });
  afterAll(async () => {
    await service.close();
  });

  const col = (): string => `${service.url}${COLLECTION}`;
  const json = { 'content-type': 'application/json' };

  test(`${N} parallel creates: every id distinct, every entity readable, the list holds exactly ${N}`, async () => {
    const created = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const res = await fetch(col(), {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ ...exampleBody(), displayName: `config ${i}`, priority: i }),
        });
        return { status: res.status, location: res.headers.get('location'), body: (await res.json()) as Body };
      }),
    );
    expect(created.filter((c) => c.status !== 201)).toEqual([]);
    const ids = created.map((c) => c.body['id'] as string);
    expect(new Set(ids).size).toBe(N);
    // Each answer describes its own request.
    created.forEach((c, i) => expect(c.body['priority']).toBe(i));
    for (const c of created) expect(c.location).toBe(`${col()}/${c.body['id'] as string}`);

    const read = await Promise.all(
      created.map(async (c) => {
        const res = await fetch(c.location ?? '');
        return { status: res.status, body: (await res.json()) as Body, expected: c.body };
      }),
    );
    for (const r of read) {
      expect(r.status).toBe(200);
      expect(r.body).toEqual(r.expected);
    }
    const list = (await (await fetch(col())).json()) as { value: Body[] };
    expect(list.value).toHaveLength(N);
    expect(new Set(list.value.map((v) => v['id'])).size).toBe(N);
  });

  test('parallel PATCHes of one entity keep exactly one record, holding one of the values sent', async () => {
    const before = ((await (await fetch(col())).json()) as { value: Body[] }).value.length;
    const first = (await (
      await fetch(col(), { method: 'POST', headers: json, body: JSON.stringify(exampleBody()) })
    ).json()) as Body;
    const url = `${col()}/${first['id'] as string}`;
    const names = Array.from({ length: 100 }, (_, i) => `name ${i}`);
    const statuses = await Promise.all(
      names.map(
        async (displayName) =>
          (await fetch(url, { method: 'PATCH', headers: json, body: JSON.stringify({ displayName }) })).status,
      ),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
    const now = (await (await fetch(url)).json()) as Body;
    expect(names).toContain(now['displayName']);
    expect(now['priority']).toBe(first['priority']);
    const after = ((await (await fetch(col())).json()) as { value: Body[] }).value.length;
    expect(after).toBe(before + 1);
  });
});
