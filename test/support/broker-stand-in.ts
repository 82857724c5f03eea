/**
 * A stand-in for a Pact Broker, for tests: no Pact Broker can run here (it is a Ruby application), so publishing,
 * verification against a broker and `pact-broker can-i-deploy` are tested against this small HTTP server, bound to
 * 127.0.0.1 on an ephemeral port, that speaks the part of the broker's HAL API those clients call and records every
 * request it receives. The broker's behaviour lives in BrokerStandInCore (no server: the unit test calls it directly);
 * startBrokerStandIn puts it behind node:http.
 *
 * What it answers (paths as the Pact Broker has them; every link is in the index):
 * - `GET /`: the HAL index: `pb:publish-contracts` (Pact Broker 2.86 and later; left out when `legacy` is set, an
 *   older broker), `pb:publish-pact`, `pb:latest-provider-pacts`, `pb:provider-pacts-for-verification`,
 *   `pb:pacticipant-version`, `pb:pacticipant-branch-version`, `pb:pacticipant-version-tag`,
 *   `pb:can-i-deploy-pacticipant-version-to-environment`.
 * - `POST /contracts/publish` takes `{pacticipantName, pacticipantVersionNumber, branch?, tags?, contracts: [{
 *   consumerName, providerName, specification: "pact", contentType, content: base64}]}`, keeps each decoded pact and
 *   answers 200 with the fields a Pact Broker answers (`_embedded`, `logs`, `notices`, `_links`), which the client
 *   parses. `PUT /pacts/provider/{p}/consumer/{c}/version/{v}` (the older per-pact flow) keeps the pact it is sent.
 * - `POST /pacts/provider/{p}/for-verification` with `{consumerVersionSelectors, providerVersionBranch,
 *   includePendingStatus, includeWipPactsSince}` answers `_embedded.pacts[]`: one entry per distinct pact content the
 *   selectors pick (mainBranch, branch, matchingBranch, deployedOrReleased/deployed/released with an optional
 *   environment, tag, latest, consumer; none: the latest pact of each consumer), each with `shortDescription`,
 *   `verificationProperties` (`pending` when asked for: true while no provider version of `providerVersionBranch`, or
 *   of any branch when none is given, has verified that content successfully, unless the `pending` option decides;
 *   `wip`; `notices`) and `_links.self` (the pact-version URL with metadata). With `includeWipPactsSince`, the latest
 *   pact of each consumer branch published since that date that the selectors did not pick and that is pending is
 *   added as work in progress. A selector key it does not understand is answered 400.
 * - `GET` of a pact-version URL (or of `/pacts/provider/{p}/consumer/{c}/version/{v}`) answers the pact with an `_id`
 *   on each interaction (a hash of the interaction, as the broker adds) and a `_links` block holding
 *   `pb:publish-verification-results`, `pb:consumer-version`, `pb:pact-version` and the rest.
 * - `POST .../verification-results` records `{success, providerApplicationVersion, testResults, verifiedBy, buildUrl}`
 *   with the provider version's branch (from `PUT /pacticipants/{p}/branches/{b}/versions/{v}`, as the verifier
 *   sends it before publishing) and answers 201.
 * - `GET /matrix` (what `pact-broker can-i-deploy` calls: `q[][pacticipant]`, `q[][version]`, `q[][latest]`,
 *   `q[][tag]`, `q[][branch]`, `q[][mainBranch]`, and `environment`, `tag`, `latest`, `latestby`) and `GET
 *   /can-i-deploy?pacticipant&version&environment`: deployable only when every pact between the selected versions
 *   has a successful verification by the provider version in question (the latest result counts).
 *
 * Test switches: `failWith` answers every request of one endpoint with that status; `token` answers 401 to a request
 * without `Authorization: Bearer <token>`; `deployments` (or `recordDeployment`) say which versions are deployed to
 * which environment; `mainBranches` names each pacticipant's main branch (default `main`); `pending` forces the
 * pending flag.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedBrokerRequest {
  method: string;
  path: string;
  /** The query string without its `?` (decoded), '' when there is none. */
  query: string;
  headers: Record<string, string>;
  body: string;
}

export interface PublishedPact {
  consumer: string;
  provider: string;
  version: string;
  branch?: string;
  tags?: string[];
  pact: unknown;
  /** The pact version: a hash of the content that affects verification (the interactions and the specification). */
  sha: string;
  publishedAt: string;
}

export interface RecordedVerification {
  consumer: string;
  provider: string;
  /** The pact version verified. */
  sha: string;
  /** The consumer versions whose pact it verified (the selection that picked it, or all with that content). */
  consumerVersions: string[];
  providerVersion: string;
  /** The branch the verifier recorded for the provider version before publishing, if any. */
  providerBranch?: string;
  success: boolean;
  /** Whether the pact was pending or work in progress when it was handed out for this verification. */
  pending?: boolean;
  wip?: boolean;
  testResults?: unknown;
  verifiedBy?: unknown;
  buildUrl?: string;
  at: string;
}

export interface RecordedDeployment {
  pacticipant: string;
  version: string;
  environment: string;
}

export type BrokerEndpoint =
  'index' | 'publish' | 'for-verification' | 'pact' | 'verification-results' | 'matrix' | 'pacticipant-version';

export interface BrokerStandInOptions {
  /** Index without `pb:publish-contracts` (a broker before 2.86). */
  legacy?: boolean;
  /** Answer this status to every request of that endpoint. */
  failWith?: { status: number; on: BrokerEndpoint };
  /** Require `Authorization: Bearer <token>`. */
  token?: string;
  /** The main branch of a pacticipant (for `mainBranch` selectors); `main` when not named here. */
  mainBranches?: Record<string, string>;
  /** Versions deployed to an environment (`pact-broker record-deployment`), for `deployedOrReleased` and the matrix. */
  deployments?: RecordedDeployment[];
  /** Forces `verificationProperties.pending`: a value for every pact, or one per published pact. */
  pending?: boolean | ((pact: PublishedPact) => boolean);
  /** The clock of publications and verifications (WIP pacts are picked by publication date). */
  now?: () => Date;
}

export interface BrokerCall {
  method: string;
  /** Path and query, as on the request line. */
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface BrokerAnswer {
  status: number;
  body: unknown;
  contentType: string;
}

const HAL = 'application/hal+json;charset=utf-8';
const JSON_TYPE = 'application/json';

/** The selector keys the stand-in understands (the broker's `fallbackTag` and `fallbackBranch` it refuses). */
const SELECTOR_KEYS = new Set([
  'mainBranch',
  'branch',
  'matchingBranch',
  'deployedOrReleased',
  'deployed',
  'released',
  'environment',
  'latest',
  'tag',
  'consumer',
]);

export interface ConsumerVersionSelector {
  mainBranch?: boolean;
  branch?: string;
  matchingBranch?: boolean;
  deployedOrReleased?: boolean;
  deployed?: boolean;
  released?: boolean;
  environment?: string;
  latest?: boolean;
  tag?: string;
  consumer?: string;
}

interface VersionRecord {
  pacticipant: string;
  number: string;
  branches: string[];
  tags: string[];
  order: number;
  createdAt: string;
}

interface PactMetadata {
  /** Consumer versions the selection picked. */
  cv?: string[];
  /** Pending and WIP when handed out. */
  p?: boolean;
  w?: boolean;
}

/** JSON with object keys sorted, so equal content hashes the same whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

function pactContentSha(pact: unknown): string {
  const p = (pact ?? {}) as Record<string, unknown>;
  const meta = (p['metadata'] ?? {}) as Record<string, { version?: unknown } | undefined>;
  return sha1(
    canonical({
      interactions: p['interactions'] ?? null,
      messages: p['messages'] ?? null,
      specification: meta['pactSpecification']?.version ?? null,
    }),
  );
}

/** The broker's interaction `_id`: a hash of the interaction without its id. */
export function interactionId(interaction: unknown): string {
  const copy = { ...(interaction as Record<string, unknown>) };
  delete copy['_id'];
  return sha1(canonical(copy));
}

const enc = encodeURIComponent;
/** decodeURIComponent that keeps a malformed escape as it came. */
const decode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};
const b64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

function error(status: number, message: string): BrokerAnswer {
  return { status, body: { error: { message } }, contentType: JSON_TYPE };
}

function ok(body: unknown, status = 200): BrokerAnswer {
  return { status, body, contentType: HAL };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

interface PublishBody {
  pacticipantName?: string;
  pacticipantVersionNumber?: string;
  branch?: string;
  tags?: string[];
  contracts?: Array<{ consumerName?: string; providerName?: string; content?: string }>;
}

interface ForVerificationBody {
  consumerVersionSelectors?: unknown;
  providerVersionBranch?: string;
  providerVersionTags?: string[];
  includePendingStatus?: boolean;
  includeWipPactsSince?: string;
}

interface Selection {
  pub: PublishedPact;
  why: string[];
  wip: boolean;
}

/** A matrix selector (`q[]`) as can-i-deploy sends it. */
interface MatrixSelector {
  pacticipant: string;
  version?: string;
  latest?: boolean;
  tag?: string;
  branch?: string;
  mainBranch?: boolean;
}

interface MatrixRow {
  consumer: string;
  consumerVersion: string;
  provider: string;
  providerVersion: string | undefined;
  pub: PublishedPact;
  verification: RecordedVerification | undefined;
}

/** The broker's state and its answers, without a server. */
export class BrokerStandInCore {
  readonly requests: RecordedBrokerRequest[] = [];
  readonly published: PublishedPact[] = [];
  readonly verifications: RecordedVerification[] = [];
  readonly deployments: RecordedDeployment[] = [];
  /** The URL the broker's links start with (set once the server listens). */
  base = '';
  private readonly versions = new Map<string, VersionRecord>();
  private order = 0;

  constructor(private readonly options: BrokerStandInOptions = {}) {
    for (const d of options.deployments ?? []) this.recordDeployment(d.pacticipant, d.version, d.environment);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** `pact-broker record-deployment`: the version is (also) deployed to the environment. */
  recordDeployment(pacticipant: string, version: string, environment: string): void {
    this.version(pacticipant, version);
    if (
      !this.deployments.some(
        (d) => d.pacticipant === pacticipant && d.version === version && d.environment === environment,
      )
    )
      this.deployments.push({ pacticipant, version, environment });
  }

  /** Publishes a pact as the consumer version, as `POST /contracts/publish` does (for seeding tests). */
  publishPact(
    pact: unknown,
    at: { version: string; branch?: string; tags?: string[]; publishedAt?: Date },
  ): PublishedPact {
    const p = (pact ?? {}) as { consumer?: { name?: unknown }; provider?: { name?: unknown } };
    return this.keep(String(p.consumer?.name ?? ''), String(p.provider?.name ?? ''), pact, at);
  }

  private keep(
    consumer: string,
    provider: string,
    pact: unknown,
    at: { version: string; branch?: string | undefined; tags?: string[] | undefined; publishedAt?: Date | undefined },
  ): PublishedPact {
    const v = this.version(consumer, at.version);
    if (at.branch !== undefined && !v.branches.includes(at.branch)) v.branches.push(at.branch);
    for (const t of at.tags ?? []) if (!v.tags.includes(t)) v.tags.push(t);
    const entry: PublishedPact = {
      consumer,
      provider,
      version: at.version,
      pact,
      sha: pactContentSha(pact),
      publishedAt: (at.publishedAt ?? this.now()).toISOString(),
    };
    if (at.branch !== undefined) entry.branch = at.branch;
    if (at.tags !== undefined) entry.tags = at.tags;
    this.published.push(entry);
    return entry;
  }

  private version(pacticipant: string, number: string): VersionRecord {
    const key = `${pacticipant}\u0000${number}`;
    let v = this.versions.get(key);
    if (!v) {
      v = { pacticipant, number, branches: [], tags: [], order: ++this.order, createdAt: this.now().toISOString() };
      this.versions.set(key, v);
    }
    return v;
  }

  private findVersion(pacticipant: string, number: string): VersionRecord | undefined {
    return this.versions.get(`${pacticipant}\u0000${number}`);
  }

  private versionsOf(pacticipant: string): VersionRecord[] {
    return [...this.versions.values()].filter((v) => v.pacticipant === pacticipant).sort((a, b) => a.order - b.order);
  }

  private mainBranch(pacticipant: string): string {
    return this.options.mainBranches?.[pacticipant] ?? 'main';
  }

  /** The pact each consumer version holds with the provider now (a republished version: its last publication). */
  private current(provider?: string): PublishedPact[] {
    const last = new Map<string, PublishedPact>();
    for (const p of this.published)
      if (provider === undefined || p.provider === provider)
        last.set(`${p.consumer}\u0000${p.provider}\u0000${p.version}`, p);
    return [...last.values()].sort((a, b) => this.orderOf(a) - this.orderOf(b));
  }

  private orderOf(p: PublishedPact): number {
    return this.findVersion(p.consumer, p.version)?.order ?? 0;
  }

  private latestPerConsumer(pubs: PublishedPact[]): PublishedPact[] {
    const latest = new Map<string, PublishedPact>();
    for (const p of pubs) latest.set(p.consumer, p); // pubs are in version order
    return [...latest.values()];
  }

  private deployedVersions(pacticipant: string, environment?: string): string[] {
    return this.deployments
      .filter((d) => d.pacticipant === pacticipant && (environment === undefined || d.environment === environment))
      .map((d) => d.version);
  }

  private hasBranch(p: PublishedPact, branch: string): boolean {
    return this.findVersion(p.consumer, p.version)?.branches.includes(branch) ?? false;
  }

  private hasTag(p: PublishedPact, tag: string): boolean {
    return this.findVersion(p.consumer, p.version)?.tags.includes(tag) ?? false;
  }

  /** Whether the provider (on that branch, or on any when none is given) never verified the content successfully. */
  isPending(pub: PublishedPact, providerBranch: string | undefined): boolean {
    const forced = this.options.pending;
    if (typeof forced === 'boolean') return forced;
    if (typeof forced === 'function') return forced(pub);
    return !this.verifications.some(
      (v) =>
        v.success &&
        v.sha === pub.sha &&
        v.provider === pub.provider &&
        (providerBranch === undefined || v.providerBranch === providerBranch),
    );
  }

  /** Records the request and answers it. */
  handle(call: BrokerCall): BrokerAnswer {
    const url = new URL(call.url, 'http://stand-in.invalid');
    const query = decode(url.search.replace(/^\?/, ''));
    this.requests.push({ method: call.method, path: url.pathname, query, headers: call.headers, body: call.body });
    if (this.options.token !== undefined && call.headers['authorization'] !== `Bearer ${this.options.token}`)
      return { status: 401, body: { error: 'Unauthorized' }, contentType: JSON_TYPE };
    const route = this.route(call.method, url.pathname);
    const fail = this.options.failWith;
    if (fail && route && fail.on === route.endpoint)
      return error(fail.status, `stand-in broker failure (${fail.status})`);
    if (!route) return error(404, `the stand-in has no ${call.method} ${url.pathname}`);
    return route.answer(url, call.body);
  }

  private route(
    method: string,
    path: string,
  ): { endpoint: BrokerEndpoint; answer: (url: URL, body: string) => BrokerAnswer } | undefined {
    const seg = path
      .split('/')
      .filter((s) => s !== '')
      .map(decode);
    if (method === 'GET' && seg.length === 0) return { endpoint: 'index', answer: () => this.index() };
    if (method === 'POST' && path === '/contracts/publish' && !this.options.legacy)
      return { endpoint: 'publish', answer: (_u, body) => this.publishContracts(body) };
    if (seg[0] === 'pacts' && seg[1] === 'provider' && seg[2] !== undefined) {
      const provider = seg[2];
      // The verifier GETs the link first (HAL navigation), then POSTs its query to the resource's self link.
      if ((method === 'POST' || method === 'GET') && seg[3] === 'for-verification' && seg.length === 4)
        return {
          endpoint: 'for-verification',
          answer: (_u, body) => this.forVerification(provider, method === 'POST' ? body : ''),
        };
      if (method === 'GET' && seg[3] === 'latest' && seg.length === 4)
        return { endpoint: 'pact', answer: () => this.latestProviderPacts(provider) };
      if (seg[3] === 'consumer' && seg[4] !== undefined) {
        const consumer = seg[4];
        if (seg[5] === 'version' && seg[6] !== undefined && seg.length === 7) {
          const version = seg[6];
          if (method === 'GET')
            return { endpoint: 'pact', answer: () => this.pactOfVersion(provider, consumer, version) };
          if (method === 'PUT')
            return { endpoint: 'publish', answer: (_u, body) => this.putPact(provider, consumer, version, body) };
        }
        if (seg[5] === 'pact-version' && seg[6] !== undefined) {
          const sha = seg[6];
          const rest = seg.slice(7);
          let metadata: PactMetadata = {};
          let encoded: string | undefined;
          if (rest[0] === 'metadata' && rest[1] !== undefined) {
            encoded = rest[1];
            metadata = this.decodeMetadata(encoded);
            rest.splice(0, 2);
          }
          if (method === 'GET' && rest.length === 0)
            return { endpoint: 'pact', answer: () => this.pactVersion(provider, consumer, sha, metadata, encoded) };
          if (method === 'POST' && rest.length === 1 && rest[0] === 'verification-results')
            return {
              endpoint: 'verification-results',
              answer: (_u, body) => this.verificationResults(provider, consumer, sha, metadata, body),
            };
        }
      }
    }
    if (seg[0] === 'pacticipants' && seg[1] !== undefined) {
      const pacticipant = seg[1];
      if (method === 'GET' && seg.length === 2)
        return { endpoint: 'pacticipant-version', answer: () => this.pacticipant(pacticipant) };
      // PUT /pacticipants/{p}/branches/{b}/versions/{v}: the version is on that branch.
      if (
        method === 'PUT' &&
        seg[2] === 'branches' &&
        seg[4] === 'versions' &&
        seg[5] !== undefined &&
        seg.length === 6
      ) {
        const [branch, version] = [seg[3] ?? '', seg[5]];
        return { endpoint: 'pacticipant-version', answer: () => this.putBranchVersion(pacticipant, branch, version) };
      }
      if (seg[2] === 'versions' && seg[3] !== undefined) {
        const version = seg[3];
        if (method === 'PUT' && seg[4] === 'tags' && seg[5] !== undefined && seg.length === 6) {
          const tag = seg[5];
          return { endpoint: 'pacticipant-version', answer: () => this.putTag(pacticipant, version, tag) };
        }
        if ((method === 'GET' || method === 'PUT') && seg.length === 4)
          return {
            endpoint: 'pacticipant-version',
            answer: () => {
              if (method === 'PUT') this.version(pacticipant, version);
              const v = this.findVersion(pacticipant, version);
              return v ? ok(this.versionResource(v)) : error(404, `no version ${version} of ${pacticipant}`);
            },
          };
      }
    }
    if (method === 'GET' && path === '/matrix') return { endpoint: 'matrix', answer: (u) => this.matrix(u) };
    if (method === 'GET' && path === '/can-i-deploy') return { endpoint: 'matrix', answer: (u) => this.canIDeploy(u) };
    return undefined;
  }

  private index(): BrokerAnswer {
    const b = this.base;
    const link = (href: string, title: string, templated = true): Record<string, unknown> => ({
      href: b + href,
      title,
      templated,
    });
    const links: Record<string, unknown> = {
      self: { href: b },
      'pb:publish-pact': link(
        '/pacts/provider/{provider}/consumer/{consumer}/version/{consumerApplicationVersion}',
        'Publish a pact',
      ),
      'pb:latest-provider-pacts': link('/pacts/provider/{provider}/latest', 'Latest pacts by provider'),
      'pb:provider-pacts-for-verification': link(
        '/pacts/provider/{provider}/for-verification',
        'Pact versions to be verified for the specified provider',
      ),
      'pb:pacticipant-version': link(
        '/pacticipants/{pacticipant}/versions/{version}',
        'Get, create or delete a pacticipant version',
      ),
      'pb:pacticipant-branch-version': link(
        '/pacticipants/{pacticipant}/branches/{branch}/versions/{version}',
        'Get or add/create a version for a pacticipant branch',
      ),
      'pb:pacticipant-version-tag': link(
        '/pacticipants/{pacticipant}/versions/{version}/tags/{tag}',
        'Get, create or delete a tag for a pacticipant version',
      ),
      'pb:can-i-deploy-pacticipant-version-to-environment': link(
        '/can-i-deploy?pacticipant={pacticipant}&version={version}&environment={environment}',
        'Determine if an application version can be safely deployed to an environment',
      ),
    };
    if (!this.options.legacy) links['pb:publish-contracts'] = link('/contracts/publish', 'Publish contracts', false);
    return ok({ _links: links });
  }

  private publishContracts(body: string): BrokerAnswer {
    const p = parseJson(body) as PublishBody | undefined;
    if (!p || typeof p !== 'object') return error(400, 'the body is not JSON');
    const version = p.pacticipantVersionNumber ?? '';
    for (const c of p.contracts ?? [])
      this.keep(
        c.consumerName ?? p.pacticipantName ?? '',
        c.providerName ?? '',
        parseJson(Buffer.from(c.content ?? '', 'base64').toString('utf8')),
        { version, branch: p.branch, tags: p.tags },
      );
    const base = this.base;
    const name = String(p.pacticipantName);
    const pacticipant = `${base}/pacticipants/${enc(name)}`;
    const versionUrl = `${pacticipant}/versions/${enc(version)}`;
    // The shape of a Pact Broker 2.86+ answer, which the Rust client parses field by field.
    return ok({
      _embedded: {
        pacticipant: { name, _links: { self: { href: pacticipant } } },
        version: { number: version, _links: { self: { href: versionUrl, name: version, title: 'Version' } } },
      },
      logs: [
        {
          level: 'info',
          message: `Created ${name} version ${version} (stand-in)`,
          deprecationWarning: 'Replaced by notices',
        },
      ],
      notices: [
        {
          type: 'success',
          text: `Published ${p.contracts?.length ?? 0} pact(s) for ${name} version ${version} to the stand-in broker`,
        },
      ],
      _links: {
        'pb:pacticipant': { href: pacticipant, name, title: 'Pacticipant' },
        'pb:pacticipant-version': { href: versionUrl, name: version, title: 'Pacticipant version' },
        'pb:pacticipant-version-tags': (p.tags ?? []).map((t) => ({ name: t, href: `${versionUrl}/tags/${enc(t)}` })),
        'pb:contracts': (p.contracts ?? []).map((c) => ({
          href: `${base}/pacts/provider/${enc(String(c.providerName))}/consumer/${enc(String(c.consumerName))}/version/${enc(version)}`,
          name: `Pact between ${String(c.consumerName)} and ${String(c.providerName)}`,
          title: 'Pact',
        })),
      },
    });
  }

  private putPact(provider: string, consumer: string, version: string, body: string): BrokerAnswer {
    const pact = parseJson(body);
    if (pact === undefined) return error(400, 'the body is not JSON');
    const pub = this.keep(consumer, provider, pact, { version });
    return ok(this.pactResource(pub, {}, undefined), 201);
  }

  private pactVersionUrl(pub: PublishedPact, encoded: string | undefined): string {
    const root = `${this.base}/pacts/provider/${enc(pub.provider)}/consumer/${enc(pub.consumer)}/pact-version/${pub.sha}`;
    return encoded !== undefined ? `${root}/metadata/${encoded}` : root;
  }

  private encodeMetadata(m: PactMetadata): string {
    return b64url(JSON.stringify(m));
  }

  private decodeMetadata(encoded: string): PactMetadata {
    const m = parseJson(Buffer.from(encoded, 'base64url').toString('utf8'));
    return m && typeof m === 'object' ? (m as PactMetadata) : {};
  }

  /** Which selection picked which pacts: deduplicated by content, the latest consumer version named. */
  private select(
    provider: string,
    selectors: ConsumerVersionSelector[],
    providerBranch: string | undefined,
  ): Selection[] {
    const all = this.current(provider);
    const picked: Array<{ pub: PublishedPact; why: string }> = [];
    const list = selectors.length > 0 ? selectors : [{}];
    for (const s of list) {
      let pubs = s.consumer !== undefined ? all.filter((p) => p.consumer === s.consumer) : all;
      let describe: (p: PublishedPact) => string;
      const latest = s.latest !== false;
      if (s.mainBranch) {
        pubs = this.latestPerConsumer(pubs.filter((p) => this.hasBranch(p, this.mainBranch(p.consumer))));
        describe = (p) =>
          `latest version of ${p.consumer} from the main branch '${this.mainBranch(p.consumer)}' (${p.version})`;
      } else if (s.matchingBranch || s.branch !== undefined) {
        const branch = s.branch ?? providerBranch;
        pubs = branch === undefined ? [] : pubs.filter((p) => this.hasBranch(p, branch));
        if (latest) pubs = this.latestPerConsumer(pubs);
        describe = (p) =>
          `${latest ? 'latest version' : 'one of the versions'} of ${p.consumer} from branch '${String(branch)}' (${p.version})`;
      } else if (s.deployedOrReleased || s.deployed || s.released || s.environment !== undefined) {
        pubs = pubs.filter((p) => this.deployedVersions(p.consumer, s.environment).includes(p.version));
        describe = (p) =>
          `one of the versions of ${p.consumer} currently deployed or released${s.environment !== undefined ? ` to ${s.environment}` : ''} (${p.version})`;
      } else if (s.tag !== undefined) {
        const tag = s.tag;
        pubs = pubs.filter((p) => this.hasTag(p, tag));
        if (s.latest === true) pubs = this.latestPerConsumer(pubs);
        describe = (p) =>
          `${s.latest === true ? 'latest version' : 'a version'} of ${p.consumer} tagged '${tag}' (${p.version})`;
      } else {
        pubs = this.latestPerConsumer(pubs);
        describe = (p) => `latest version of ${p.consumer} (${p.version})`;
      }
      for (const p of pubs) picked.push({ pub: p, why: describe(p) });
    }
    const bySha = new Map<string, Selection>();
    for (const { pub, why } of picked) {
      const seen = bySha.get(pub.sha);
      if (!seen) bySha.set(pub.sha, { pub, why: [why], wip: false });
      else {
        if (!seen.why.includes(why)) seen.why.push(why);
        if (this.orderOf(pub) > this.orderOf(seen.pub)) seen.pub = pub;
      }
    }
    return [...bySha.values()];
  }

  private forVerification(provider: string, text: string): BrokerAnswer {
    const body = (text.trim() === '' ? {} : parseJson(text)) as ForVerificationBody | undefined;
    if (!body || typeof body !== 'object') return error(400, 'the body is not JSON');
    const raw = body.consumerVersionSelectors ?? [];
    if (!Array.isArray(raw)) return error(400, 'consumerVersionSelectors must be an array');
    const problems: string[] = [];
    raw.forEach((s: unknown, i) => {
      if (!s || typeof s !== 'object' || Array.isArray(s)) return problems.push(`selector ${i} is not an object`);
      const keys = Object.keys(s);
      if (keys.length === 0) problems.push(`selector ${i} is empty`);
      for (const k of keys)
        if (!SELECTOR_KEYS.has(k)) problems.push(`selector ${i}: ${k} is not supported by the stand-in`);
      return undefined;
    });
    if (problems.length > 0)
      return { status: 400, body: { errors: { consumerVersionSelectors: problems } }, contentType: JSON_TYPE };
    const branch = body.providerVersionBranch;
    const selectors = raw as ConsumerVersionSelector[];
    const selected = this.select(provider, selectors, branch);
    if (body.includeWipPactsSince !== undefined) {
      const since = Date.parse(body.includeWipPactsSince);
      if (Number.isNaN(since)) return error(400, `includeWipPactsSince is not a date: ${body.includeWipPactsSince}`);
      const taken = new Set(selected.map((s) => s.pub.sha));
      const latestPerBranch = new Map<string, PublishedPact>();
      for (const p of this.current(provider))
        for (const b of this.findVersion(p.consumer, p.version)?.branches ?? [''])
          latestPerBranch.set(`${p.consumer}\u0000${b}`, p);
      for (const [key, p] of latestPerBranch) {
        if (taken.has(p.sha) || Date.parse(p.publishedAt) < since || !this.isPending(p, branch)) continue;
        taken.add(p.sha);
        const b = key.split('\u0000')[1] ?? '';
        selected.push({
          pub: p,
          why: [`latest version of ${p.consumer}${b ? ` from branch '${b}'` : ''} (${p.version})`],
          wip: true,
        });
      }
    }
    const pendingStatus = body.includePendingStatus === true;
    const pacts = selected.map(({ pub, why, wip }) => {
      const pending = wip || this.isPending(pub, branch);
      const meta: PactMetadata = { cv: [pub.version] };
      if (pendingStatus) meta.p = pending;
      if (wip) meta.w = true;
      const href = this.pactVersionUrl(pub, this.encodeMetadata(meta));
      const notices = this.notices(pub, href, why, wip, pending, pendingStatus, branch);
      const verificationProperties: Record<string, unknown> = {};
      if (pendingStatus || wip) verificationProperties['pending'] = pending;
      if (wip) verificationProperties['wip'] = true;
      verificationProperties['notices'] = notices;
      return {
        shortDescription: wip ? 'work in progress' : why.join(', '),
        verificationProperties,
        _links: { self: { href, name: `Pact between ${pub.consumer} (${pub.version}) and ${pub.provider}` } },
      };
    });
    return ok({
      _embedded: { pacts },
      _links: {
        self: { href: `${this.base}/pacts/provider/${enc(provider)}/for-verification`, title: 'Pacts to be verified' },
      },
    });
  }

  private notices(
    pub: PublishedPact,
    href: string,
    why: string[],
    wip: boolean,
    pending: boolean,
    pendingStatus: boolean,
    branch: string | undefined,
  ): Array<{ when: string; text: string }> {
    const out: Array<{ when: string; text: string }> = [];
    const provider = pub.provider;
    const ofBranch = branch !== undefined ? ` from branch '${branch}'` : '';
    out.push({
      when: 'before_verification',
      text: wip
        ? `The pact at ${href} is being verified because it is a 'work in progress' pact (it is the pact for the ${why.join(', ')} and is still in pending state).`
        : `The pact at ${href} is being verified because the pact content belongs to the consumer version matching the following criterion: ${why.join(', ')}`,
    });
    if (!pendingStatus) return out;
    out.push({
      when: 'before_verification',
      text: pending
        ? `This pact is in pending state for this version of ${provider} because a successful verification result for a version of ${provider}${ofBranch} does not yet exist. As such, a failure will not affect the build.`
        : `This pact has previously been successfully verified by a version of ${provider}${ofBranch}. If this verification fails, it will fail the build.`,
    });
    const after = (success: boolean, published: boolean): string => {
      if (success)
        return published
          ? pending
            ? `This pact is no longer in pending state for ${provider}${ofBranch}, as a successful verification result has been published.`
            : 'The verification passed and its result was published.'
          : pending
            ? `This pact will no longer be pending for ${provider}${ofBranch} once a successful verification result is published.`
            : 'The verification passed, but its result was not published.';
      return pending
        ? `This pact is still pending for ${provider}${ofBranch}: the failure does not fail the build.`
        : `The verification failed, and this pact is not pending: the build fails.`;
    };
    for (const success of [true, false])
      for (const published of [false, true])
        out.push({
          when: `after_verification:success_${String(success)}_published_${String(published)}`,
          text: after(success, published),
        });
    return out;
  }

  private pactResource(pub: PublishedPact, metadata: PactMetadata, encoded: string | undefined): unknown {
    const content = (pub.pact && typeof pub.pact === 'object' ? pub.pact : {}) as Record<string, unknown>;
    const withIds = (list: unknown): unknown =>
      Array.isArray(list)
        ? list.map((i: unknown) =>
            i && typeof i === 'object' ? { _id: interactionId(i), ...(i as Record<string, unknown>) } : i,
          )
        : list;
    const b = this.base;
    const consumerVersion = metadata.cv?.[metadata.cv.length - 1] ?? pub.version;
    const pacticipant = (name: string): string => `${b}/pacticipants/${enc(name)}`;
    const pactVersion = this.pactVersionUrl(pub, undefined);
    const body: Record<string, unknown> = { ...content };
    if ('interactions' in content) body['interactions'] = withIds(content['interactions']);
    if ('messages' in content) body['messages'] = withIds(content['messages']);
    body['createdAt'] = pub.publishedAt;
    body['_links'] = {
      self: {
        title: 'Pact',
        name: `Pact between ${pub.consumer} (${consumerVersion}) and ${pub.provider}`,
        href: this.pactVersionUrl(pub, encoded),
      },
      'pb:consumer': { title: 'Consumer', name: pub.consumer, href: pacticipant(pub.consumer) },
      'pb:consumer-version': {
        title: 'Consumer version',
        name: consumerVersion,
        href: `${pacticipant(pub.consumer)}/versions/${enc(consumerVersion)}`,
      },
      'pb:provider': { title: 'Provider', name: pub.provider, href: pacticipant(pub.provider) },
      'pb:pact-version': { title: 'Pact content version permalink', name: pub.sha, href: pactVersion },
      'pb:publish-verification-results': {
        title: 'Publish verification results',
        href: `${this.pactVersionUrl(pub, encoded ?? this.encodeMetadata({ cv: [consumerVersion] }))}/verification-results`,
      },
    };
    return body;
  }

  private pactVersion(
    provider: string,
    consumer: string,
    sha: string,
    metadata: PactMetadata,
    encoded: string | undefined,
  ): BrokerAnswer {
    const candidates = this.current(provider).filter((p) => p.consumer === consumer && p.sha === sha);
    const named = metadata.cv?.[metadata.cv.length - 1];
    const pub = candidates.find((p) => p.version === named) ?? candidates[candidates.length - 1];
    if (!pub) return error(404, `no pact version ${sha} between ${consumer} and ${provider}`);
    return ok(this.pactResource(pub, metadata, encoded));
  }

  private pactOfVersion(provider: string, consumer: string, version: string): BrokerAnswer {
    const pub = this.current(provider).find((p) => p.consumer === consumer && p.version === version);
    if (!pub) return error(404, `no pact between ${consumer} version ${version} and ${provider}`);
    return ok(this.pactResource(pub, { cv: [version] }, undefined));
  }

  private latestProviderPacts(provider: string): BrokerAnswer {
    const latest = this.latestPerConsumer(this.current(provider));
    return ok({
      _links: {
        self: {
          href: `${this.base}/pacts/provider/${enc(provider)}/latest`,
          title: `Latest pact versions for ${provider}`,
        },
        'pb:pacts': latest.map((p) => ({
          href: `${this.base}/pacts/provider/${enc(provider)}/consumer/${enc(p.consumer)}/version/${enc(p.version)}`,
          title: `Pact between ${p.consumer} (${p.version}) and ${provider}`,
          name: p.consumer,
        })),
      },
    });
  }

  private verificationResults(
    provider: string,
    consumer: string,
    sha: string,
    metadata: PactMetadata,
    text: string,
  ): BrokerAnswer {
    const body = parseJson(text) as
      | {
          success?: unknown;
          providerApplicationVersion?: unknown;
          testResults?: unknown;
          verifiedBy?: unknown;
          buildUrl?: unknown;
        }
      | undefined;
    if (!body || typeof body !== 'object') return error(400, 'the body is not JSON');
    if (
      typeof body.success !== 'boolean' ||
      typeof body.providerApplicationVersion !== 'string' ||
      body.providerApplicationVersion === ''
    )
      return {
        status: 400,
        body: {
          errors: { success: ['must be true or false'], providerApplicationVersion: ['must be a non-empty string'] },
        },
        contentType: JSON_TYPE,
      };
    const pubs = this.current(provider).filter((p) => p.consumer === consumer && p.sha === sha);
    if (pubs.length === 0) return error(404, `no pact version ${sha} between ${consumer} and ${provider}`);
    const providerVersion = this.version(provider, body.providerApplicationVersion);
    const record: RecordedVerification = {
      consumer,
      provider,
      sha,
      consumerVersions: metadata.cv ?? pubs.map((p) => p.version),
      providerVersion: providerVersion.number,
      success: body.success,
      at: this.now().toISOString(),
    };
    const branch = providerVersion.branches[providerVersion.branches.length - 1];
    if (branch !== undefined) record.providerBranch = branch;
    if (metadata.p !== undefined) record.pending = metadata.p;
    if (metadata.w !== undefined) record.wip = metadata.w;
    if (body.testResults !== undefined) record.testResults = body.testResults;
    if (body.verifiedBy !== undefined) record.verifiedBy = body.verifiedBy;
    if (typeof body.buildUrl === 'string') record.buildUrl = body.buildUrl;
    this.verifications.push(record);
    const number = this.verifications.filter((v) => v.sha === sha && v.provider === provider).length;
    return ok(
      {
        providerName: provider,
        providerApplicationVersion: record.providerVersion,
        success: record.success,
        verificationDate: record.at,
        testResults: record.testResults ?? null,
        _links: {
          self: {
            title: 'Verification result',
            name: `Verification #${number}`,
            href: `${this.pactVersionUrl(pubs[0] as PublishedPact, undefined)}/verification-results/${number}`,
          },
        },
      },
      201,
    );
  }

  private versionResource(v: VersionRecord): unknown {
    const href = `${this.base}/pacticipants/${enc(v.pacticipant)}/versions/${enc(v.number)}`;
    return {
      number: v.number,
      createdAt: v.createdAt,
      _embedded: {
        branchVersions: v.branches.map((name) => ({ name, latest: true })),
        tags: v.tags.map((name) => ({ name })),
      },
      _links: { self: { title: 'Version', name: v.number, href } },
    };
  }

  /** The pacticipant resource: the verifier reaches `pb:branch-version` and `pb:version-tag` through it. */
  private pacticipant(name: string): BrokerAnswer {
    const href = `${this.base}/pacticipants/${enc(name)}`;
    if (this.versionsOf(name).length === 0 && !this.published.some((p) => p.provider === name))
      return error(404, `no pacticipant ${name}`);
    return ok({
      name,
      mainBranch: this.mainBranch(name),
      _links: {
        self: { href, title: 'Pacticipant', name },
        'pb:versions': { href: `${href}/versions`, title: 'All application versions' },
        'pb:version': {
          href: `${href}/versions/{version}`,
          title: 'Get, create or delete an application version',
          templated: true,
        },
        'pb:version-tag': {
          href: `${href}/versions/{version}/tags/{tag}`,
          title: 'Get, create or delete a tag for a version',
          templated: true,
        },
        'pb:branch-version': {
          href: `${href}/branches/{branch}/versions/{version}`,
          title: 'Get or add/create a version for a branch',
          templated: true,
        },
      },
    });
  }

  private putBranchVersion(pacticipant: string, branch: string, number: string): BrokerAnswer {
    const v = this.version(pacticipant, number);
    if (!v.branches.includes(branch)) v.branches.push(branch);
    return ok({
      name: branch,
      _links: {
        self: {
          href: `${this.base}/pacticipants/${enc(pacticipant)}/branches/${enc(branch)}/versions/${enc(number)}`,
          title: 'Branch version',
        },
      },
    });
  }

  private putTag(pacticipant: string, number: string, tag: string): BrokerAnswer {
    const v = this.version(pacticipant, number);
    if (!v.tags.includes(tag)) v.tags.push(tag);
    return ok({
      name: tag,
      _links: {
        self: {
          href: `${this.base}/pacticipants/${enc(pacticipant)}/versions/${enc(number)}/tags/${enc(tag)}`,
          title: 'Tag',
        },
      },
    });
  }

  /** The versions of a pacticipant a matrix selector names. */
  private resolve(s: MatrixSelector): string[] {
    const all = this.versionsOf(s.pacticipant);
    if (s.version !== undefined) return all.some((v) => v.number === s.version) ? [s.version] : [];
    let pick = all;
    if (s.mainBranch) pick = pick.filter((v) => v.branches.includes(this.mainBranch(s.pacticipant)));
    if (s.branch !== undefined) pick = pick.filter((v) => v.branches.includes(s.branch as string));
    if (s.tag !== undefined) pick = pick.filter((v) => v.tags.includes(s.tag as string));
    // A branch (or main branch) names its latest version; a tag without latest names every version with it.
    const latest = s.latest === true || s.mainBranch === true || s.branch !== undefined;
    const last = pick[pick.length - 1];
    return latest ? (last ? [last.number] : []) : pick.map((v) => v.number);
  }

  /** The pacticipants a pacticipant has pacts with, and on which side. */
  private integrations(pacticipant: string): Array<{ other: string; asConsumer: boolean }> {
    const out: Array<{ other: string; asConsumer: boolean }> = [];
    for (const p of this.current()) {
      if (p.consumer === pacticipant && !out.some((o) => o.other === p.provider && o.asConsumer))
        out.push({ other: p.provider, asConsumer: true });
      if (p.provider === pacticipant && !out.some((o) => o.other === p.consumer && !o.asConsumer))
        out.push({ other: p.consumer, asConsumer: false });
    }
    return out;
  }

  private row(
    consumer: string,
    consumerVersion: string,
    provider: string,
    providerVersion: string | undefined,
  ): MatrixRow | undefined {
    const pub = this.current(provider).find((p) => p.consumer === consumer && p.version === consumerVersion);
    if (!pub) return undefined; // that consumer version has no pact with the provider: nothing to verify
    const verification =
      providerVersion === undefined
        ? undefined
        : [...this.verifications]
            .reverse()
            .find((v) => v.sha === pub.sha && v.provider === provider && v.providerVersion === providerVersion);
    return { consumer, consumerVersion, provider, providerVersion, pub, verification };
  }

  private matrixSelectors(url: URL): MatrixSelector[] {
    const out: MatrixSelector[] = [];
    for (const [key, value] of url.searchParams) {
      const m = /^q\[\]\[(\w+)\]$/.exec(key);
      if (!m) continue;
      const field = m[1];
      if (field === 'pacticipant') {
        out.push({ pacticipant: value });
        continue;
      }
      const current = out[out.length - 1];
      if (!current) continue;
      if (field === 'version') current.version = value;
      else if (field === 'latest') current.latest = value === 'true';
      else if (field === 'tag') current.tag = value;
      else if (field === 'branch') current.branch = value;
      else if (field === 'mainBranch') current.mainBranch = value === 'true';
    }
    return out;
  }

  private matrix(url: URL): BrokerAnswer {
    const selectors = this.matrixSelectors(url);
    if (selectors.length === 0) return error(400, 'the matrix needs at least one q[][pacticipant]');
    const environment = url.searchParams.get('environment') ?? undefined;
    const tag = url.searchParams.get('tag') ?? undefined;
    const latest = url.searchParams.get('latest') === 'true';
    return this.evaluate(selectors, { environment, tag, latest });
  }

  private canIDeploy(url: URL): BrokerAnswer {
    const pacticipant = url.searchParams.get('pacticipant');
    const version = url.searchParams.get('version');
    const environment = url.searchParams.get('environment') ?? undefined;
    if (!pacticipant || !version) return error(400, 'can-i-deploy needs pacticipant and version');
    return this.evaluate([{ pacticipant, version }], {
      environment,
      tag: undefined,
      latest: environment === undefined,
    });
  }

  /** The matrix rows between the selected versions, and whether they can be deployed together. */
  private evaluate(
    selectors: MatrixSelector[],
    to: { environment: string | undefined; tag: string | undefined; latest: boolean },
  ): BrokerAnswer {
    const rows: MatrixRow[] = [];
    const errors: string[] = [];
    const resolved = selectors.map((s) => ({ s, versions: this.resolve(s) }));
    for (const { s, versions } of resolved)
      if (versions.length === 0)
        errors.push(
          `No version of ${s.pacticipant} matching ${s.version !== undefined ? `version ${s.version}` : 'the selector'} was found`,
        );
    const pairs = (a: string, av: string, b: string, bv: string | undefined): void => {
      const r = this.row(a, av, b, bv);
      if (r) rows.push(r);
    };
    const first = resolved[0];
    if (resolved.length === 1 && first && (to.environment !== undefined || to.tag !== undefined || to.latest)) {
      // One pacticipant: its integrations are inferred, the other side is what is in the environment (or tag, or latest).
      for (const av of first.versions)
        for (const { other, asConsumer } of this.integrations(first.s.pacticipant)) {
          const others =
            to.environment !== undefined
              ? this.deployedVersions(other, to.environment)
              : this.resolve({ pacticipant: other, latest: true, ...(to.tag !== undefined ? { tag: to.tag } : {}) });
          if (others.length === 0) {
            // A consumer needs its provider there; a provider does not need its consumers.
            if (asConsumer && this.row(first.s.pacticipant, av, other, undefined))
              errors.push(
                `There is no verified pact between version ${av} of ${first.s.pacticipant} and a version of ${other} ${to.environment !== undefined ? `currently in ${to.environment}` : 'matching the selector'} (no such version exists)`,
              );
            continue;
          }
          for (const bv of others)
            if (asConsumer) pairs(first.s.pacticipant, av, other, bv);
            else pairs(other, bv, first.s.pacticipant, av);
        }
    } else {
      for (let i = 0; i < resolved.length; i++)
        for (let j = 0; j < resolved.length; j++) {
          const a = resolved[i];
          const b = resolved[j];
          if (!a || !b || i === j) continue;
          for (const av of a.versions) for (const bv of b.versions) pairs(a.s.pacticipant, av, b.s.pacticipant, bv);
        }
    }
    const success = rows.filter((r) => r.verification?.success === true).length;
    const failed = rows.filter((r) => r.verification?.success === false).length;
    const unknown = rows.length - success - failed;
    const reasons: Array<{ type: string; text: string }> = errors.map((text) => ({ type: 'error', text }));
    for (const r of rows) {
      const between = `the pact between version ${r.consumerVersion} of ${r.consumer} and version ${String(r.providerVersion)} of ${r.provider}`;
      if (r.verification?.success === false)
        reasons.push({ type: 'error', text: `The verification for ${between} failed` });
      else if (!r.verification)
        reasons.push({
          type: 'error',
          text: `There is no verified pact between ${between.replace(/^the pact between /, '')}`,
        });
    }
    const deployable = reasons.length === 0;
    if (deployable)
      reasons.push({
        type: 'success',
        text:
          rows.length > 0
            ? 'All required verification results are published and successful'
            : 'There are no missing dependencies',
      });
    return ok({
      summary: { deployable, reason: reasons.map((r) => r.text).join('\n'), success, failed, unknown },
      notices: reasons,
      matrix: rows.map((r) => this.matrixRow(r)),
    });
  }

  private matrixRow(r: MatrixRow): unknown {
    const b = this.base;
    const versionHash = (pacticipant: string, number: string): unknown => {
      const v = this.findVersion(pacticipant, number);
      const href = `${b}/pacticipants/${enc(pacticipant)}/versions/${enc(number)}`;
      const branch = v?.branches[v.branches.length - 1];
      return {
        number,
        branch: branch ?? null,
        branches: (v?.branches ?? []).map((name) => ({ name, latest: true })),
        branchVersions: (v?.branches ?? []).map((name) => ({ name, latest: true })),
        environments: this.deployments
          .filter((d) => d.pacticipant === pacticipant && d.version === number)
          .map((d) => ({
            name: d.environment,
            displayName: d.environment,
            production: d.environment === 'production',
          })),
        tags: (v?.tags ?? []).map((name) => ({
          name,
          latest: false,
          _links: { self: { href: `${href}/tags/${enc(name)}` } },
        })),
        _links: { self: { href } },
      };
    };
    return {
      consumer: {
        name: r.consumer,
        version: versionHash(r.consumer, r.consumerVersion),
        _links: { self: { href: `${b}/pacticipants/${enc(r.consumer)}` } },
      },
      provider: {
        name: r.provider,
        version: r.providerVersion !== undefined ? versionHash(r.provider, r.providerVersion) : null,
        _links: { self: { href: `${b}/pacticipants/${enc(r.provider)}` } },
      },
      pact: { createdAt: r.pub.publishedAt, _links: { self: { href: this.pactVersionUrl(r.pub, undefined) } } },
      verificationResult: r.verification
        ? {
            success: r.verification.success,
            verifiedAt: r.verification.at,
            _links: { self: { href: `${this.pactVersionUrl(r.pub, undefined)}/verification-results` } },
          }
        : null,
    };
  }
}

export interface BrokerStandIn {
  url: string;
  requests: RecordedBrokerRequest[];
  published: PublishedPact[];
  verifications: RecordedVerification[];
  deployments: RecordedDeployment[];
  /** The state and its answers (for seeding: publishPact, recordDeployment). */
  core: BrokerStandInCore;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, answer: BrokerAnswer): void {
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Starts the stand-in on 127.0.0.1 (ephemeral port). */
export function startBrokerStandIn(options: BrokerStandInOptions = {}): Promise<BrokerStandIn> {
  const core = new BrokerStandInCore(options);
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = String(v);
    send(res, core.handle({ method: req.method ?? 'GET', url: req.url ?? '/', headers, body }));
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) =>
      send(res, { status: 500, body: { error: String(e) }, contentType: JSON_TYPE }),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      core.base = `http://127.0.0.1:${port}`;
      resolve({
        url: core.base,
        requests: core.requests,
        published: core.published,
        verifications: core.verifications,
        deployments: core.deployments,
        core,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
