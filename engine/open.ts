/** Opening a target: a URL, an in-process module or a server, and pacing requests to a rate. */
import type http from 'node:http';
import { resolve as resolvePath } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SuiteError } from './errors';
import type { RunOptions } from './options';
import { AppTransport, toServer } from './app-transport';
import { HttpTransport, type Transport } from './transport';

function loadApp(module: string): http.Server {
  let loaded: unknown;
  const file = resolvePath(module);
  try {
    loaded = require(file) as unknown;
  } catch (e) {
    throw new SuiteError(
      'app-load',
      `--app ${module}: ${(e as Error).message.split('\n')[0] ?? ''}`,
      'give a module that exports a request handler, an http.Server or an app object (default export is fine)',
    );
  }
  const server = toServer(loaded);
  if (!server)
    throw new SuiteError(
      'app-shape',
      `--app ${module} exports neither a request handler, an http.Server nor an object with callback()`,
      'export the handler, e.g. `export default (req, res) => {...}` or an Express/Koa app',
    );
  return server;
}

export function openTransport(opts: RunOptions): Transport {
  const t = opts.target;
  if (t.kind === 'url') {
    const o: ConstructorParameters<typeof HttpTransport>[1] = {
      timeoutMs: opts.timeoutMs,
      concurrency: opts.concurrency,
      maxResponseBytes: opts.maxResponseBytes,
    };
    if (opts.caFile) o.caFile = opts.caFile;
    if (opts.insecure) o.insecure = true;
    return new HttpTransport(t.url, o);
  }
  const server = t.kind === 'app' ? loadApp(t.module) : (toServer(t.server) as http.Server);
  return new AppTransport(server, t.kind === 'app' ? t.module : t.label, {
    timeoutMs: opts.timeoutMs,
    maxResponseBytes: opts.maxResponseBytes,
    concurrency: opts.concurrency,
  });
}

/** Spaces requests out to at most `perSecond`, shared by every worker; undefined when there is no limit. */
export function rateLimiter(perSecond: number | undefined): (() => Promise<void>) | undefined {
  if (!perSecond || perSecond <= 0) return undefined;
  const gap = 1000 / perSecond;
  let next = performance.now();
  return () => {
    const t = performance.now();
    const at = Math.max(t, next);
    next = at + gap;
    const wait = at - t;
    return wait <= 0 ? Promise.resolve() : new Promise((r) => setTimeout(r, wait));
  };
}
