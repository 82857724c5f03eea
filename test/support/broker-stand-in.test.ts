import { BrokerStandInCore, interactionId, type BrokerAnswer, type BrokerStandInOptions } from './broker-stand-in';

const BASE = 'http://broker.test';
const PROVIDER = 'prov';

/** A small pact; `extra` makes its content (and so its pact version) differ. */
function pact(consumer: string, extra = ''): Record<string, unknown> {
  return {
    consumer: { name: consumer },
    provider: { name: PROVIDER },
    interactions: [
      { description: `create${extra}`, request: { method: 'POST', path: '/x' }, response: { status: 201 } },
      { description: 'refuse', request: { method: 'POST', path: '/x' }, response: { status: 400 } },
    ],
    metadata: { pactSpecification: { version: '4.0' } },
  };
}

function core(options: BrokerStandInOptions = {}): BrokerStandInCore {
  const c = new BrokerStandInCore(options);
  c.base = BASE;
  return c;
}

function call(c: BrokerStandInCore, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const answer: BrokerAnswer = c.handle({
    method,
    url: url.startsWith(BASE) ? url.slice(BASE.length) : url,
    headers,
    body: body === undefined ? '' : JSON.stringify(body),
  });
  return { status: answer.status, body: answer.body as Record<string, any> };
}

interface ListedPact {
  shortDescription: string;
  verificationProperties: { pending?: boolean; wip?: boolean; notices: Array<{ when: string; text: string }> };
  _links: { self: { href: string; name: string } };
}

function forVerification(c: BrokerStandInCore, body: Record<string, unknown>): ListedPact[] {
  const r = call(c, 'POST', `/pacts/provider/${PROVIDER}/for-verification`, body);
  expect(r.status).toBe(200);
  return r.body['_embedded'].pacts as ListedPact[];
}

const named = (list: ListedPact[]): string[] => list.map((p) => p._links.self.name);

function verify(c: BrokerStandInCore, p: ListedPact, success: boolean, version: string, branch?: string): void {
  if (branch !== undefined)
    expect(call(c, 'PUT', `/pacticipants/${PROVIDER}/branches/${branch}/versions/${version}`, {}).status).toBe(200);
  const resource = call(c, 'GET', p._links.self.href).body;
  const link = resource['_links']['pb:publish-verification-results'].href as string;
  expect(call(c, 'POST', link, { success, providerApplicationVersion: version }).status).toBe(201);
}

describe('broker stand-in: pacts for verification', () => {
  test('the index links the relations the verifier and can-i-deploy follow; legacy drops publish-contracts', () => {
    const links = call(core(), 'GET', '/').body['_links'];
    expect(links['pb:provider-pacts-for-verification']).toEqual(
      expect.objectContaining({ href: `${BASE}/pacts/provider/{provider}/for-verification`, templated: true }),
    );
    expect(links['pb:publish-contracts'].href).toBe(`${BASE}/contracts/publish`);
    expect(call(core({ legacy: true }), 'GET', '/').body['_links']['pb:publish-contracts']).toBeUndefined();
  });

  test('selectors pick by main branch, branch, deployment and latest; equal content is listed once', () => {
    const c = core({ deployments: [{ pacticipant: 'web', version: '1', environment: 'production' }] });
    c.publishPact(pact('web', ' v1'), { version: '1', branch: 'main' });
    c.publishPact(pact('web', ' v2'), { version: '2', branch: 'main' });
    c.publishPact(pact('web', ' v3'), { version: '3', branch: 'feat' });
    c.publishPact(pact('app', ' a'), { version: '7', branch: 'trunk' });
    expect(named(forVerification(c, { consumerVersionSelectors: [{ mainBranch: true }] }))).toEqual([
      `Pact between web (2) and ${PROVIDER}`,
    ]);
    expect(named(forVerification(c, { consumerVersionSelectors: [{ branch: 'feat' }] }))).toEqual([
      `Pact between web (3) and ${PROVIDER}`,
    ]);
    expect(named(forVerification(c, { consumerVersionSelectors: [{ deployedOrReleased: true }] }))).toEqual([
      `Pact between web (1) and ${PROVIDER}`,
    ]);
    expect(named(forVerification(c, { consumerVersionSelectors: [{ branch: 'trunk', consumer: 'app' }] }))).toEqual([
      `Pact between app (7) and ${PROVIDER}`,
    ]);
    expect(named(forVerification(c, {})).sort()).toEqual([
      `Pact between app (7) and ${PROVIDER}`,
      `Pact between web (3) and ${PROVIDER}`,
    ]);
    // matchingBranch: the consumer branch named like the provider's.
    expect(
      named(
        forVerification(c, { consumerVersionSelectors: [{ matchingBranch: true }], providerVersionBranch: 'feat' }),
      ),
    ).toEqual([`Pact between web (3) and ${PROVIDER}`]);
    // Version 4 publishes the content of version 2 again: one entry, the latest version named, both reasons given.
    c.publishPact(pact('web', ' v2'), { version: '4', branch: 'release' });
    c.recordDeployment('web', '4', 'production');
    const both = forVerification(c, { consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }] });
    expect(named(both)).toEqual([`Pact between web (4) and ${PROVIDER}`, `Pact between web (1) and ${PROVIDER}`]);
    expect(both[0]?.verificationProperties.notices[0]?.text).toMatch(
      /main branch 'main' \(2\).*deployed or released \(4\)/,
    );
  });

  test('pending until the provider branch verifies the content successfully; a failure keeps it pending', () => {
    const c = core();
    c.publishPact(pact('web'), { version: '1', branch: 'main' });
    const ask = (branch: string): ListedPact =>
      forVerification(c, {
        consumerVersionSelectors: [{ mainBranch: true }],
        includePendingStatus: true,
        providerVersionBranch: branch,
      })[0] as ListedPact;
    const first = ask('main');
    expect(first.verificationProperties.pending).toBe(true);
    expect(first.verificationProperties.notices.map((n) => n.when)).toContain('before_verification');
    expect(first.verificationProperties.notices[1]?.text).toMatch(/pending state/);
    verify(c, first, false, '0.9', 'main');
    expect(ask('main').verificationProperties.pending).toBe(true);
    verify(c, first, true, '1.0', 'main');
    expect(ask('main').verificationProperties.pending).toBe(false);
    expect(ask('other').verificationProperties.pending).toBe(true);
    expect(c.verifications.map((v) => [v.providerVersion, v.providerBranch, v.success, v.pending])).toEqual([
      ['0.9', 'main', false, true],
      ['1.0', 'main', true, true],
    ]);
    // Without includePendingStatus the flag is left out, as the broker does.
    expect(
      forVerification(c, { consumerVersionSelectors: [{ mainBranch: true }] })[0]?.verificationProperties,
    ).not.toHaveProperty('pending');
    // The option decides when given.
    const forced = core({ pending: () => true });
    forced.publishPact(pact('web'), { version: '1', branch: 'main' });
    expect(forVerification(forced, { includePendingStatus: true })[0]?.verificationProperties.pending).toBe(true);
  });

  test('work-in-progress pacts: the latest pact of a branch published since the date, pending, not already selected', () => {
    let now = new Date('2024-01-01T00:00:00Z');
    const c = core({ now: () => now });
    c.publishPact(pact('web', ' main'), { version: '1', branch: 'main' });
    c.publishPact(pact('web', ' old'), { version: '2', branch: 'old-branch' });
    now = new Date('2024-06-01T00:00:00Z');
    c.publishPact(pact('web', ' new'), { version: '3', branch: 'new-branch' });
    const list = forVerification(c, {
      consumerVersionSelectors: [{ mainBranch: true }],
      includePendingStatus: true,
      includeWipPactsSince: '2024-03-01',
      providerVersionBranch: 'main',
    });
    expect(named(list)).toEqual([`Pact between web (1) and ${PROVIDER}`, `Pact between web (3) and ${PROVIDER}`]);
    expect(list[1]?.verificationProperties).toMatchObject({ pending: true, wip: true });
    expect(list[0]?.verificationProperties.wip).toBeUndefined();
  });

  test('refuses selectors it does not understand (400 with the errors), and an answer lists no pact when none match', () => {
    const c = core();
    c.publishPact(pact('web'), { version: '1', branch: 'main' });
    const r = call(c, 'POST', `/pacts/provider/${PROVIDER}/for-verification`, {
      consumerVersionSelectors: [{ fallbackTag: 'x' }, {}],
    });
    expect(r.status).toBe(400);
    expect(r.body['errors'].consumerVersionSelectors).toEqual([
      'selector 0: fallbackTag is not supported by the stand-in',
      'selector 1 is empty',
    ]);
    expect(forVerification(c, { consumerVersionSelectors: [{ branch: 'nope' }] })).toEqual([]);
  });

  test('a pact served by its self link carries interaction ids and the link to publish results', () => {
    const c = core();
    const published = pact('web');
    c.publishPact(published, { version: '1', branch: 'main' });
    const listed = forVerification(c, { consumerVersionSelectors: [{ mainBranch: true }] })[0] as ListedPact;
    const r = call(c, 'GET', listed._links.self.href);
    expect(r.status).toBe(200);
    expect(r.body['consumer']).toEqual({ name: 'web' });
    expect((r.body['interactions'] as Array<{ _id: string }>).map((i) => i._id)).toEqual(
      (published['interactions'] as unknown[]).map(interactionId),
    );
    expect(r.body['_links']['pb:consumer-version'].name).toBe('1');
    expect(r.body['_links']['pb:publish-verification-results'].href).toBe(
      `${listed._links.self.href}/verification-results`,
    );
    expect(
      call(c, 'GET', `/pacts/provider/${PROVIDER}/consumer/web/version/1`).body['_links']['pb:pact-version'].name,
    ).toBe(c.published[0]?.sha);
    const bad = call(c, 'POST', `${listed._links.self.href}/verification-results`, { success: 'yes' });
    expect(bad.status).toBe(400);
    expect(c.verifications).toEqual([]);
  });
});

describe('broker stand-in: matrix (can-i-deploy)', () => {
  const matrix = (c: BrokerStandInCore, query: string) => call(c, 'GET', `/matrix?${query}`).body;
  const toProduction = (version: string): string =>
    `q[][pacticipant]=${PROVIDER}&q[][version]=${version}&latestby=cvpv&environment=production`;

  test('deployable only with a successful verification of the pact between the versions', () => {
    const c = core({ deployments: [{ pacticipant: 'web', version: '1', environment: 'production' }] });
    c.publishPact(pact('web'), { version: '1', branch: 'main' });
    const listed = forVerification(c, { consumerVersionSelectors: [{ deployedOrReleased: true }] })[0] as ListedPact;
    verify(c, listed, true, 'p1');
    verify(c, listed, false, 'p2');
    expect(matrix(c, toProduction('p1'))['summary']).toMatchObject({
      deployable: true,
      success: 1,
      failed: 0,
      unknown: 0,
    });
    const failed = matrix(c, toProduction('p2'));
    expect(failed['summary']).toMatchObject({ deployable: false, failed: 1 });
    expect(failed['summary'].reason).toMatch(
      /verification for the pact between version 1 of web and version p2 of prov failed/,
    );
    expect(failed['matrix'][0]).toMatchObject({
      consumer: { name: 'web', version: { number: '1' } },
      provider: { name: PROVIDER, version: { number: 'p2' } },
      verificationResult: { success: false },
    });
    // The consumer with the provider's latest version (p2, failed), and with p1 by number.
    expect(
      matrix(c, `q[][pacticipant]=web&q[][version]=1&q[][pacticipant]=${PROVIDER}&q[][latest]=true&latestby=cvpv`)[
        'summary'
      ].deployable,
    ).toBe(false);
    expect(
      matrix(c, `q[][pacticipant]=web&q[][version]=1&q[][pacticipant]=${PROVIDER}&q[][version]=p1`)['summary']
        .deployable,
    ).toBe(true);
    // A provider version that never verified it: unknown, not deployable.
    c.recordDeployment(PROVIDER, 'p3', 'staging');
    expect(matrix(c, toProduction('p3'))['summary']).toMatchObject({ deployable: false, unknown: 1 });
    // The consumer needs its provider in the environment; the provider does not need its consumers.
    expect(matrix(c, 'q[][pacticipant]=web&q[][version]=1&environment=production')['summary'].deployable).toBe(false);
    expect(matrix(c, `q[][pacticipant]=${PROVIDER}&q[][version]=p1&environment=staging`)['summary'].deployable).toBe(
      true,
    );
    expect(
      call(c, 'GET', `/can-i-deploy?pacticipant=${PROVIDER}&version=p1&environment=production`).body['summary']
        .deployable,
    ).toBe(true);
  });

  test('an unknown version is not deployable; the token and failWith switches answer every endpoint', () => {
    const c = core({ token: 'tok-123' });
    expect(call(c, 'GET', '/').status).toBe(401);
    expect(
      call(c, 'GET', `/matrix?${toProduction('nope')}`, undefined, { authorization: 'Bearer tok-123' }).body['summary']
        .deployable,
    ).toBe(false);
    const failing = core({ failWith: { status: 503, on: 'for-verification' } });
    expect(call(failing, 'POST', `/pacts/provider/${PROVIDER}/for-verification`, {}).status).toBe(503);
    expect(call(failing, 'GET', '/').status).toBe(200);
    expect(c.requests.map((q) => [q.method, q.path, q.query])).toEqual([
      ['GET', '/', ''],
      ['GET', '/matrix', `q[][pacticipant]=${PROVIDER}&q[][version]=nope&latestby=cvpv&environment=production`],
    ]);
  });
});
