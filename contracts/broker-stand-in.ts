/**
 * A stand-in for a Pact Broker, for tests: no Pact Broker can run here (it is a Ruby application), so publishing is
 * tested against this small HTTP server, bound to 127.0.0.1 on an ephemeral port, that speaks the part of the
 * broker API the `pact-broker publish` client calls and records every request it receives.
 *
 * - `GET /` answers the HAL index with a `pb:publish-contracts` link (Pact Broker 2.86 and later), or, when
 *   `legacy` is set, an index without it and without the endpoint (an older broker, which only has the per-pact
 *   `PUT /pacts/provider/{p}/consumer/{c}/version/{v}`; the Rust `pact-broker` client does not use that flow).
 * - `POST /contracts/publish` takes `{pacticipantName, pacticipantVersionNumber, branch?, tags?, contracts: [{
 *   consumerName, providerName, specification: "pact", contentType, content: base64 }]}`, keeps each decoded pact
 *   and answers 200 with the fields a Pact Broker answers (`_embedded`, `logs`, `notices`, `_links`), which the
 *   client parses.
 * - `failWith` answers every request to the named endpoint with that status and a JSON error body.
 * - `token` answers 401 to a request without `Authorization: Bearer <token>`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedBrokerRequest {
  method: string;
  path: string;
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
}

export interface BrokerStandInOptions {
  /** Index without `pb:publish-contracts` (a broker before 2.86). */
  legacy?: boolean;
  /** Answer this status to every request of that endpoint. */
  failWith?: { status: number; on: 'index' | 'publish' };
  /** Require `Authorization: Bearer <token>`. */
  token?: string;
}

export interface BrokerStandIn {
  url: string;
  requests: RecordedBrokerRequest[];
  published: PublishedPact[];
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/hal+json;charset=utf-8'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

interface PublishBody {
  pacticipantName?: string;
  pacticipantVersionNumber?: string;
  branch?: string;
  tags?: string[];
  contracts?: Array<{ consumerName?: string; providerName?: string; content?: string }>;
}

/** Starts the stand-in on 127.0.0.1 (ephemeral port). */
export function startBrokerStandIn(options: BrokerStandInOptions = {}): Promise<BrokerStandIn> {
  const requests: RecordedBrokerRequest[] = [];
  const published: PublishedPact[] = [];
  let base = '';
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://stand-in.invalid');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = String(v);
    requests.push({ method: req.method ?? 'GET', path: url.pathname, headers, body });
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`)
      return send(res, 401, { error: 'Unauthorized' }, 'application/json');
    const isIndex = req.method === 'GET' && url.pathname === '/';
    const isPublish = req.method === 'POST' && url.pathname === '/contracts/publish';
    const fail = options.failWith;
    if (fail && ((fail.on === 'index' && isIndex) || (fail.on === 'publish' && isPublish)))
      return send(
        res,
        fail.status,
        { error: { message: `stand-in broker failure (${fail.status})` } },
        'application/json',
      );
    if (isIndex) {
      const links: Record<string, unknown> = {
        self: { href: base },
        'pb:publish-pact': {
          href: `${base}/pacts/provider/{provider}/consumer/{consumer}/version/{consumerApplicationVersion}`,
          templated: true,
        },
        'pb:latest-provider-pacts': { href: `${base}/pacts/provider/{provider}/latest`, templated: true },
      };
      if (!options.legacy)
        links['pb:publish-contracts'] = {
          href: `${base}/contracts/publish`,
          title: 'Publish contracts',
          templated: false,
        };
      return send(res, 200, { _links: links });
    }
    if (req.method === 'POST' && url.pathname === '/contracts/publish' && !options.legacy) {
      const p = JSON.parse(body) as PublishBody;
      for (const c of p.contracts ?? []) {
        const entry: PublishedPact = {
          consumer: c.consumerName ?? p.pacticipantName ?? '',
          provider: c.providerName ?? '',
          version: p.pacticipantVersionNumber ?? '',
          pact: JSON.parse(Buffer.from(c.content ?? '', 'base64').toString('utf8')) as unknown,
        };
        if (p.branch !== undefined) entry.branch = p.branch;
        if (p.tags !== undefined) entry.tags = p.tags;
        published.push(entry);
      }
      const version = p.pacticipantVersionNumber ?? '';
      const name = String(p.pacticipantName);
      const pacticipant = `${base}/pacticipants/${encodeURIComponent(name)}`;
      const versionUrl = `${pacticipant}/versions/${encodeURIComponent(version)}`;
      // The shape of a Pact Broker 2.86+ answer, which the Rust client parses field by field.
      return send(res, 200, {
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
          'pb:pacticipant-version-tags': (p.tags ?? []).map((t) => ({ name: t, href: `${versionUrl}/tags/${t}` })),
          'pb:contracts': (p.contracts ?? []).map((c) => ({
            href: `${base}/pacts/provider/${String(c.providerName)}/consumer/${String(c.consumerName)}/version/${version}`,
            name: `Pact between ${String(c.consumerName)} and ${String(c.providerName)}`,
            title: 'Pact',
          })),
        },
      });
    }
    return send(res, 404, { error: `the stand-in has no ${req.method ?? ''} ${url.pathname}` }, 'application/json');
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, { error: String(e) }, 'application/json'));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      base = `http://127.0.0.1:${port}`;
      resolve({
        url: base,
        requests,
        published,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
