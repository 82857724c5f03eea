import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createReferenceHandler, normaliseBasePath, type ReferenceOptions } from './handler';

export interface ListenOptions {
  /** 0 (the default) picks a free ephemeral port. */
  port?: number;
  /** Interface to bind; default 127.0.0.1 (never all interfaces unless asked). */
  host?: string;
  /** Serve HTTPS with this key and certificate (PEM), e.g. from tls.ts selfSignedCertificate. Default: plain HTTP. */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

export interface RunningServer {
  /** The service root, e.g. http://127.0.0.1:43123 or https://127.0.0.1:43123/beta. */
  url: string;
  port: number;
  server: Server;
  /** Stops listening and ends every open connection, keep-alive ones included. */
  close(): Promise<void>;
}

export const DEFAULT_HOST = '127.0.0.1';

/** Serves any request listener (the reference or a mutant) until close(). */
export function startServer(
  listener: RequestListener,
  options: ListenOptions & { basePath?: string } = {},
): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const basePath = normaliseBasePath(options.basePath);
  const server: Server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener)
    : createServer(listener);
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => reject(e);
    server.once('error', onError);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', onError);
      const { port } = server.address() as AddressInfo;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      let closing: Promise<void> | undefined;
      resolve({
        url: `${options.tls ? 'https' : 'http'}://${shownHost}:${port}${basePath}`,
        port,
        server,
        close: () =>
          (closing ??= new Promise<void>((done, fail) => {
            server.close((e) => (e ? fail(e) : done()));
            server.closeAllConnections();
          })),
      });
    });
  });
}

/** Starts the reference implementation on 127.0.0.1 (an ephemeral port unless `port` is given). */
export function startReference(options: ReferenceOptions & ListenOptions = {}): Promise<RunningServer> {
  return startServer(createReferenceHandler(options), options);
}
