/**
 * The official Graph JavaScript client (@microsoft/microsoft-graph-client 3.x) against the reference, served as a
 * process by `conformance serve --tls --token ...`.
 *
 * Why HTTPS: the client's AuthenticationHandler adds `Authorization: Bearer <token>` only when the request URL is
 * https:// and its host is Graph's or one of the client's `customHosts` (GraphRequestUtil isCustomHost reads only
 * URLs starting with "https://"); for any other URL it deletes the header, so over plain http a token never
 * leaves the client. The test trusts the certificate `serve --tls` printed, through an undici Agent handed to the
 * client's fetch as `fetchOptions.dispatcher`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, GraphError, PageIterator, type PageCollection } from '@microsoft/microsoft-graph-client';
import { Agent } from 'undici';
import { resolveServe } from '../../cli/commands/serve';
import { readExample } from '../../specs/loader';
import { COLLECTION, minimalBody, SECURITY_TYPE, streamOf, WINDOWS_TYPE } from '../../targets/testing';

jest.setTimeout(60_000);

const ROOT = resolve(__dirname, '..', '..');
const BIN = resolve(ROOT, 'bin/conformance.js');
const TOKEN = 'graph-client-e2e-token';
const CONTEXT = '/$metadata#officeConfiguration/clientConfigurations';
type Body = Record<string, unknown>;

let dir: string;
let child: ChildProcess | undefined;
let stderr = '';
let serviceRoot: string;
let agent: Agent;

/** Starts `conformance serve` and resolves with the URL line it prints on stdout. */
function startServe(args: string[]): Promise<string> {
  const c = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child = c;
  let out = '';
  c.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL line within 30 s; stderr: ${stderr}`)), 30_000);
    c.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      resolveUrl(out.slice(0, nl).trim());
    });
    c.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${String(code)} before printing its URL; stderr: ${stderr}`));
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'graph-client-'));
  const certFile = join(dir, 'cert.pem');
  serviceRoot = await startServe([
    '--port',
    '0',
    '--tls',
    '--tls-cert-out',
    certFile,
    '--token',
    TOKEN,
    '--base-path',
    '/beta',
  ]);
  agent = new Agent({ connect: { ca: readFileSync(certFile, 'utf8') } });
});

afterAll(async () => {
  await agent?.close();
  const c = child;
  if (c && c.exitCode === null && c.signalCode === null) {
    const exited = new Promise((done) => c.once('exit', done));
    c.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

/** A Graph client for the reference: its origin as baseUrl, 'beta' as version, 127.0.0.1 as a custom host. */
function graphClient(token: string, customHosts: string[] = ['127.0.0.1']): Client {
  const origin = new URL(serviceRoot).origin;
  return Client.init({
    authProvider: (done) => done(null, token),
    baseUrl: origin,
    defaultVersion: 'beta',
    customHosts: new Set(customHosts),
    // Node's fetch reads the non-standard `dispatcher` option; FetchOptions (RequestInit) types it as undici-types'.
    fetchOptions: { dispatcher: agent } as unknown as RequestInit,
  });
}

/** A docs create example with its "<Unknown Primitive Type Edm.Stream>" placeholders filled with real payloads. */
function docsExample(file: string): Body {
  const payloads: Record<string, string> = {
    userPreferencePayload: streamOf({ theme: 'dark' }),
    policyPayload: streamOf({ policies: [{ name: 'BlockMacros', value: 1 }] }),
  };
  return JSON.parse(
    JSON.stringify(readExample(file), (key, value: unknown) =>
      value === '<Unknown Primitive Type Edm.Stream>' ? payloads[key] : value,
    ),
  ) as Body;
}

/** The GraphError a call rejects with (fails the test when it resolves or throws something else). */
async function graphError(call: Promise<unknown>): Promise<GraphError> {
  try {
    await call;
  } catch (e) {
    expect(e).toBeInstanceOf(GraphError);
    return e as GraphError;
  }
  throw new Error('expected the call to fail with a GraphError');
}

const created: Body[] = [];

describe('the official Graph JavaScript client against `conformance serve --tls --token`', () => {
  test('serve printed an https service root and where its certificate is', () => {
    expect(serviceRoot).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/beta$/);
    expect(stderr).toContain(join(dir, 'cert.pem'));
    expect(stderr).not.toContain(TOKEN);
  });

  test('the client sends its token to a custom https host; without customHosts, or with a wrong token, 401', async () => {
    const path = COLLECTION;
    const page = (await graphClient(TOKEN).api(path).get()) as PageCollection;
    expect(Array.isArray(page.value)).toBe(true);
    // Not a custom host: the AuthenticationHandler strips the header, so the service sees no token at all.
    const stripped = await graphError(graphClient(TOKEN, []).api(path).get());
    expect(stripped.statusCode).toBe(401);
    expect(stripped.code).toBe('unauthorized');
    expect(stripped.message).toMatch(/needs a bearer token/);
    // A custom host with the wrong token: the header arrives, and is refused.
    const wrong = await graphError(graphClient('not-the-token').api(path).get());
    expect(wrong.statusCode).toBe(401);
    expect(wrong.message).toMatch(/bearer token is not valid/);
  });

  test('creates both creatable types from the docs examples (201 bodies as the client returns them)', async () => {
    const client = graphClient(TOKEN);
    for (const [file, type] of [
      ['windowsofficeclientconfiguration-create.request.json', WINDOWS_TYPE],
      ['windowsofficeclientsecurityconfiguration-create.request.json', SECURITY_TYPE],
    ] as const) {
      const sent = docsExample(file);
      const body = (await client.api(COLLECTION).post(sent)) as Body;
      expect(body['@odata.type']).toBe(type);
      expect(body['@odata.context']).toBe(`${serviceRoot}${CONTEXT}/$entity`);
      expect(typeof body['id']).toBe('string');
      expect(body['displayName']).toBe(sent['displayName']);
      expect(body['policyPayload']).toBe(sent['policyPayload']);
      created.push(body);
    }
    for (let i = 0; i < 3; i++)
      created.push((await client.api(COLLECTION).post({ ...minimalBody(), priority: i })) as Body);
  });

  test('gets one entity: the 201 body again', async () => {
    const first = created[0] ?? {};
    const read = (await graphClient(TOKEN)
      .api(`${COLLECTION}/${first['id'] as string}`)
      .get()) as Body;
    expect(read).toEqual(first);
  });

  test('lists with .top(2) across several pages with PageIterator: every created id exactly once', async () => {
    const client = graphClient(TOKEN);
    const firstPage = (await client.api(COLLECTION).top(2).get()) as PageCollection;
    expect(firstPage.value).toHaveLength(2);
    expect(firstPage['@odata.context']).toBe(`${serviceRoot}${CONTEXT}`);
    expect(firstPage['@odata.nextLink']).toMatch(new RegExp(`^${serviceRoot.replace(/\./g, '\\.')}${COLLECTION}\\?`));
    const seen: string[] = [];
    const iterator = new PageIterator(client, firstPage, (item: Body) => {
      seen.push(item['id'] as string);
      return true;
    });
    await iterator.iterate();
    expect(iterator.isComplete()).toBe(true);
    expect(seen).toHaveLength(created.length);
    expect([...seen].sort()).toEqual(created.map((c) => c['id'] as string).sort());
    expect(new Set(seen).size).toBe(seen.length);
  });

  test('$select through .select(): id and @odata.type kept, the context names the selection', async () => {
    const client = graphClient(TOKEN);
    const page = (await client.api(COLLECTION).select(['displayName', 'priority']).top(2).get()) as PageCollection;
    expect(page['@odata.context']).toBe(`${serviceRoot}${CONTEXT}(displayName,priority)`);
    for (const item of page.value as Body[])
      expect(Object.keys(item).filter((k) => !['@odata.type', 'id', 'displayName', 'priority'].includes(k))).toEqual(
        [],
      );
    const selected: string[] = [];
    await new PageIterator(client, page, (item: Body) => selected.push(Object.keys(item).join(',')) > 0).iterate();
    expect(selected).toHaveLength(created.length);
    const one = (await client
      .api(`${COLLECTION}/${created[1]?.['id'] as string}`)
      .select('description')
      .get()) as Body;
    expect(one).toEqual({
      '@odata.context': `${serviceRoot}${CONTEXT}(description)/$entity`,
      '@odata.type': SECURITY_TYPE,
      id: created[1]?.['id'],
      description: 'Description value',
    });
    // What the service does not implement is refused, named, not ignored.
    const filtered = await graphError(client.api(COLLECTION).filter("displayName eq 'x'").get());
    expect(filtered.statusCode).toBe(400);
    expect(filtered.message).toMatch(/\$filter is not supported/);
  });

  test('patches, then reads the change back', async () => {
    const client = graphClient(TOKEN);
    const target = created[2] ?? {};
    const url = `${COLLECTION}/${target['id'] as string}`;
    const patched = (await client.api(url).patch({ displayName: 'renamed by the Graph client', priority: 42 })) as Body;
    expect(patched['displayName']).toBe('renamed by the Graph client');
    expect(patched['priority']).toBe(42);
    expect(patched['@odata.type']).toBe(WINDOWS_TYPE);
    expect((await client.api(url).get()) as Body).toEqual(patched);
  });

  test('deletes; a later get is a GraphError 404 with the request id', async () => {
    const client = graphClient(TOKEN);
    const url = `${COLLECTION}/${created[3]?.['id'] as string}`;
    await client.api(url).delete();
    const gone = await graphError(client.api(url).get());
    expect(gone.statusCode).toBe(404);
    expect(gone.code).toBe('notFound');
    expect(gone.requestId).toEqual(expect.any(String));
  });

  test('a bad body surfaces as a GraphError 400 with code, message, requestId and date set from innerError', async () => {
    const error = await graphError(
      graphClient(TOKEN)
        .api(COLLECTION)
        .header('client-request-id', 'graph-client-e2e-1')
        .post({ ...minimalBody(), priority: 'high' }),
    );
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('badRequest');
    expect(error.message).toMatch(/\/priority/);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.requestId).toBe(error.headers?.get('request-id'));
    expect(error.date).toBeInstanceOf(Date);
    expect(Number.isNaN(error.date.getTime())).toBe(false);
    expect(error.headers?.get('client-request-id')).toBe('graph-client-e2e-1');
    const inner = (JSON.parse(error.body as string) as { innerError: Body }).innerError;
    expect(inner['client-request-id']).toBe('graph-client-e2e-1');
    // Without one set by hand, the client's TelemetryHandler sends its own, which comes back.
    const sdk = await graphError(graphClient(TOKEN).api(`${COLLECTION}/missing`).get());
    const echoed = (JSON.parse(sdk.body as string) as { innerError: Body }).innerError['client-request-id'];
    expect(echoed).toBe(sdk.headers?.get('client-request-id'));
  });
});

describe('serve options for this setup', () => {
  test('--page-size and --tls-cert-out are checked, with hints', () => {
    const base = { port: '0', host: '127.0.0.1' };
    expect(resolveServe({ ...base, pageSize: '2' }).tls).toBe(false);
    expect(resolveServe({ ...base, tls: true }).tls).toBe(true);
    expect(() => resolveServe({ ...base, pageSize: '0' })).toThrow(/--page-size must be a positive whole number/);
    expect(() => resolveServe({ ...base, tlsCertOut: 'x.pem' })).toThrow(/--tls-cert-out needs --tls/);
  });
});
