/**
 * An example consumer: a small admin client for Office client configurations, built on the official Graph
 * JavaScript client (@microsoft/microsoft-graph-client). It is what a consumer team would own; its pact test
 * (pact.ts) describes what it needs from the service with the suite's consumer kit.
 *
 * The Graph client adds `Authorization` itself only for https URLs of Graph or of its `customHosts`; this client
 * sets the header in its own middleware instead, so it sends its token to any service root (a Pact mock server on
 * http://127.0.0.1 in its tests, https://graph.microsoft.com/beta in production).
 */
import { Client, HTTPMessageHandler, type Context, type Middleware } from '@microsoft/microsoft-graph-client';

export type TokenSource = () => Promise<string>;

/** Puts `Authorization: Bearer <token>` on every request, then hands it on. */
class BearerMiddleware implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly token: TokenSource) {}

  async execute(context: Context): Promise<void> {
    const options = context.options ?? {};
    const headers = new Headers(options.headers as ConstructorParameters<typeof Headers>[0]);
    headers.set('Authorization', `Bearer ${await this.token()}`);
    context.options = { ...options, headers: Object.fromEntries(headers.entries()) };
    if (!this.next) throw new Error('BearerMiddleware must not be the last middleware');
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

export interface OfficeConfiguration {
  id: string;
  '@odata.type': string;
  displayName?: string | null;
  description?: string | null;
  priority?: number | null;
  [key: string]: unknown;
}

export class OfficeConfigurationsClient {
  private readonly client: Client;

  /** `serviceRoot` is the Graph service root, e.g. https://graph.microsoft.com/beta (or a mock server's URL). */
  constructor(serviceRoot: string, token: TokenSource) {
    const url = new URL(serviceRoot);
    const auth = new BearerMiddleware(token);
    const http = new HTTPMessageHandler();
    auth.setNext(http);
    this.client = Client.initWithMiddleware({
      middleware: auth,
      baseUrl: url.origin,
      defaultVersion: url.pathname.replace(/^\/+|\/+$/g, ''),
    });
  }

  /** Creates a Windows Office client configuration and returns what the service stored. */
  async createWindowsConfiguration(settings: {
    displayName: string;
    description?: string;
    priority?: number;
  }): Promise<OfficeConfiguration> {
    const body = { '@odata.type': '#microsoft.graph.windowsOfficeClientConfiguration', ...settings };
    return (await this.client.api('/officeConfiguration/clientConfigurations').post(body)) as OfficeConfiguration;
  }
}
