import net from 'node:net';
import { HttpTransport } from './transport';

/**
 * Test support for the HttpTransport tests (transport.test.ts, transport-failures.test.ts): raw loopback servers that answer exactly the bytes each test writes: what the engine gets
 * back (status, headers, body, or status 0 and the reason) for well-formed and broken answers.
 */

export interface RawServer {
  url: string;
  /** Request heads as they arrived (request line and headers). */
  heads: string[];
  /** Connections accepted so far. */
  connections: number;
  /** Connections open at the same time, at most. */
  maxOpen: number;
  /** Connections the client closed. */
  closed: number;
  close(): Promise<void>;
}

export type Answer = (socket: net.Socket, head: string, body: string) => void;

/** A server that reads each request (head and Content-Length body) and lets `answer` write whatever it likes. */
export function rawServer(answer: Answer): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  let open = 0;
  const state: Omit<RawServer, 'url' | 'close'> = { heads: [], connections: 0, maxOpen: 0, closed: 0 };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    state.connections++;
    open++;
    state.maxOpen = Math.max(state.maxOpen, open);
    socket.on('close', () => {
      open--;
      state.closed++;
      sockets.delete(socket);
    });
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffered.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        const body = buffered.subarray(end + 4, end + 4 + length).toString('utf8');
        buffered = buffered.subarray(end + 4 + length);
        state.heads.push(head);
        answer(socket, head, body);
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve(
        Object.assign(state, {
          url: `http://127.0.0.1:${port}`,
          close: () =>
            new Promise<void>((done) => {
              for (const s of sockets) s.destroy();
              server.close(() => done());
            }),
        }) as RawServer,
      );
    });
  });
}

export const json = (status: string, body: string, extra = ''): string =>
  `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

/** Waits until `ok()` holds, polling, for at most `ms` (a loaded machine delivers a close late); the caller asserts. */
export async function until(ok: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok() && Date.now() < deadline) await new Promise((done) => setTimeout(done, 10));
}

/** A 201 whose body is `gz`, declared as gzip. */
export const gzipped = (gz: Buffer): Buffer =>
  Buffer.concat([
    Buffer.from(`HTTP/1.1 201 Created\r\ncontent-encoding: gzip\r\ncontent-length: ${gz.length}\r\n\r\n`),
    gz,
  ]);

export const opts = { timeoutMs: 2000, concurrency: 4, maxResponseBytes: 64 * 1024 };
const servers: RawServer[] = [];
export const transports: HttpTransport[] = [];

export async function setUp(
  answer: Answer,
  root = '',
  o: Partial<typeof opts> = {},
): Promise<{ server: RawServer; t: HttpTransport }> {
  const server = await rawServer(answer);
  servers.push(server);
  const t = new HttpTransport(server.url + root, { ...opts, ...o });
  transports.push(t);
  return { server, t };
}

/** Closes what setUp opened; each test file registers it with afterEach. */
export async function tearDown(): Promise<void> {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
}

export const post = {
  method: 'POST',
  path: '/officeConfiguration/clientConfigurations',
  headers: {},
  body: '{"a":"é"}',
};
