/** Reading pact files (any Pact specification version): the parts verify and publish need. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SuiteError } from '../engine/errors';

export interface PactInteraction {
  description: string;
  request: {
    method: string;
    /** The path the pact writes (with a provider-state path, its example). */
    path: string;
    /**
     * A provider-state path (Pact V3 `ProviderState` generator): the expression the Verifier fills in from the state's
     * values, e.g. `/officeConfiguration/clientConfigurations/${idSegment}`.
     */
    pathExpression?: string;
    /** The body holds provider-state values (V3 `ProviderState` generators): what is sent differs from `body`. */
    injected?: boolean;
    headers: Record<string, string[] | string>;
    body?: unknown;
  };
}

/** A regex matching the paths a provider-state path expression may become (each `${name}` one path segment). */
export function pathExpressionPattern(expression: string): RegExp {
  const source = expression
    .split(/\$\{[^}]*\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/?#]+');
  return new RegExp(`^${source}$`);
}

/** Whether a request body has provider-state generators (V3 `generators.body`). */
function bodyInjected(req: Record<string, unknown>): boolean {
  const body = (req['generators'] as { body?: unknown } | undefined)?.body;
  if (typeof body !== 'object' || body === null) return false;
  return Object.values(body).some((g) => (g as { type?: unknown } | null)?.type === 'ProviderState');
}

/** The expression of a provider-state path generator (V3 `generators.path`), if the request has one. */
function pathExpressionOf(req: Record<string, unknown>): string | undefined {
  const generators = req['generators'] as { path?: { type?: unknown; expression?: unknown } } | undefined;
  const path = generators?.path;
  return path?.type === 'ProviderState' && typeof path.expression === 'string' ? path.expression : undefined;
}

export interface PactFile {
  file: string;
  consumer: string;
  provider: string;
  interactions: PactInteraction[];
}

/** Every *.json of a folder, sorted. */
export function pactFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

export function readPact(file: string): PactFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SuiteError(
      'pact-file',
      `cannot read pact file ${file}: ${(e as Error).message.split('\n')[0] ?? ''}`,
      'give a pact JSON file, e.g. one written by `conformance pact` into contracts/pacts/',
    );
  }
  const { ids: _ids, ...pact } = parsePact(data, file, {
    code: 'pact-file',
    message: `${file} is not a pact (it needs consumer.name, provider.name and interactions)`,
    hint: 'give a pact JSON file, e.g. one written by `conformance pact` into contracts/pacts/',
  });
  return pact;
}

/**
 * A pact's JSON (a file's, or a broker's answer) read into what verify needs, with each interaction's `_id` (a
 * broker's; undefined elsewhere) in `ids`. `notAPact` is the error to throw when it is not a pact.
 */
export function parsePact(
  data: unknown,
  label: string,
  notAPact: { code: string; message: string; hint: string },
): PactFile & { ids: Array<string | undefined> } {
  const p = data as {
    consumer?: { name?: unknown };
    provider?: { name?: unknown };
    interactions?: unknown;
    metadata?: { pactSpecification?: { version?: unknown } };
  } | null;
  if (typeof p?.consumer?.name !== 'string' || typeof p.provider?.name !== 'string' || !Array.isArray(p.interactions))
    throw new SuiteError(notAPact.code, notAPact.message, notAPact.hint);
  // V4 wraps a body as {content, contentType, encoded}; earlier versions store the body itself.
  const v4 = String(p.metadata?.pactSpecification?.version ?? '').startsWith('4');
  const ids: Array<string | undefined> = [];
  const interactions = (p.interactions as Array<Record<string, unknown>>).map((i) => {
    ids.push(typeof i['_id'] === 'string' ? i['_id'] : undefined);
    const req = (i['request'] ?? {}) as Record<string, unknown>;
    const body = req['body'] as { content?: unknown } | undefined;
    const content = v4 && body && typeof body === 'object' ? body.content : body;
    const pathExpression = pathExpressionOf(req);
    return {
      description: typeof i['description'] === 'string' ? i['description'] : '',
      request: {
        method: typeof req['method'] === 'string' ? req['method'] : 'GET',
        path: typeof req['path'] === 'string' ? req['path'] : '/',
        ...(pathExpression !== undefined ? { pathExpression } : {}),
        ...(bodyInjected(req) ? { injected: true } : {}),
        headers: (req['headers'] ?? {}) as Record<string, string[] | string>,
        ...(content !== undefined ? { body: content } : {}),
      },
    };
  });
  return { file: label, consumer: p.consumer.name, provider: p.provider.name, interactions, ids };
}
