/** Reading pact files (any Pact specification version): the parts verify and publish need. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SuiteError } from '../engine/errors';

export interface PactInteraction {
  description: string;
  request: { method: string; path: string; headers: Record<string, string[] | string>; body?: unknown };
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
  const p = data as {
    consumer?: { name?: unknown };
    provider?: { name?: unknown };
    interactions?: unknown;
    metadata?: { pactSpecification?: { version?: unknown } };
  };
  if (typeof p.consumer?.name !== 'string' || typeof p.provider?.name !== 'string' || !Array.isArray(p.interactions))
    throw new SuiteError(
      'pact-file',
      `${file} is not a pact (it needs consumer.name, provider.name and interactions)`,
      'give a pact JSON file, e.g. one written by `conformance pact` into contracts/pacts/',
    );
  // V4 wraps a body as {content, contentType, encoded}; earlier versions store the body itself.
  const v4 = String(p.metadata?.pactSpecification?.version ?? '').startsWith('4');
  const interactions = (p.interactions as Array<Record<string, unknown>>).map((i) => {
    const req = (i['request'] ?? {}) as Record<string, unknown>;
    const body = req['body'] as { content?: unknown } | undefined;
    const content = v4 && body && typeof body === 'object' ? body.content : body;
    return {
      description: typeof i['description'] === 'string' ? i['description'] : '',
      request: {
        method: typeof req['method'] === 'string' ? req['method'] : 'GET',
        path: typeof req['path'] === 'string' ? req['path'] : '/',
        headers: (req['headers'] ?? {}) as Record<string, string[] | string>,
        ...(content !== undefined ? { body: content } : {}),
      },
    };
  });
  return { file, consumer: p.consumer.name, provider: p.provider.name, interactions };
}
