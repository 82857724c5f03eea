import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { loadSpecs } from '../specs/loader';
import {
  CREATABLE_TYPES,
  createInteraction,
  docsValidBody,
  GRAPH_PROVIDER,
  KitError,
  rejectedCreateInteraction,
  STATE_ACCEPTS_CREATES,
} from './kit';
import { DEFAULT_PROVIDER } from './defaults';

const specs = loadSpecs();

describe('the consumer kit', () => {
  test('docsValidBody sets @odata.type and accepts what the docs allow, for both creatable types', () => {
    for (const type of CREATABLE_TYPES) {
      const body = docsValidBody({ displayName: 'x', priority: 1 }, type);
      expect(body['@odata.type']).toBe(`#microsoft.graph.${type}`);
      expect(specs.createRequest(body)).toBe(true);
    }
  });

  test('a body the docs do not allow is refused with the pointer and the reason', () => {
    expect(() => docsValidBody({ priority: 'high' })).toThrow(KitError);
    expect(() => docsValidBody({ priority: 'high' })).toThrow(/\/priority/);
    expect(() => docsValidBody({ displayName: 'x', colour: 'blue' })).toThrow(/not what the Graph docs allow/);
    expect(() => docsValidBody({ '@odata.type': '#microsoft.graph.somethingElse' })).toThrow(/is not/);
    expect(() => docsValidBody({}, 'officeClientConfiguration' as never)).toThrow(/not a creatable type/);
  });

  test('createInteraction: the POST with the body, a 201 echoing it with matchers, the provider state', () => {
    const i = createInteraction({ body: { displayName: 'Office defaults', priority: 2 } });
    expect(GRAPH_PROVIDER).toBe(DEFAULT_PROVIDER);
    expect(i.states).toEqual([STATE_ACCEPTS_CREATES]);
    expect(i.request.method).toBe('POST');
    expect(i.request.path).toBe('/officeConfiguration/clientConfigurations');
    expect(i.response.status).toBe(201);
    const text = JSON.stringify(i.response.body);
    expect(text).toContain('Office defaults');
    // graph-docs: no Location required; odata-strict asks for one.
    expect(i.response.headers).not.toHaveProperty('Location');
    expect(createInteraction({ profile: 'odata-strict' }).response.headers).toHaveProperty('Location');
    expect(createInteraction({ location: true }).response.headers).toHaveProperty('Location');
  });

  test('rejectedCreateInteraction expects any 4xx, and refuses a body a provider would rightly accept', () => {
    const i = rejectedCreateInteraction({
      body: { '@odata.type': '#microsoft.graph.windowsOfficeClientConfiguration', priority: 'high' },
    });
    expect(i.response.statusClass).toBe('clientError');
    expect(() =>
      rejectedCreateInteraction({ body: { '@odata.type': '#microsoft.graph.windowsOfficeClientConfiguration' } }),
    ).toThrow(/answers it 201/);
  });
});

test("the package exports the kit as 'graph-office-config-conformance/kit'", () => {
  // Node's own resolver (package self-reference through package.json "exports"), as a consumer's would resolve it.
  const resolved = execFileSync(
    process.execPath,
    ['-e', "process.stdout.write(require.resolve('graph-office-config-conformance/kit'))"],
    { cwd: join(__dirname, '..'), encoding: 'utf8' },
  );
  expect(resolved).toBe(join(__dirname, 'kit.ts'));
});
