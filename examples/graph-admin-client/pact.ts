/**
 * The example consumer's pact: what OfficeConfigurationsClient needs from the service, written with the suite's
 * consumer kit (contracts/kit.ts, `graph-office-config-conformance/kit` to a consumer outside this repository) and
 * exercised against Pact's mock server, which checks that the client really sends what the pact says.
 */
import { PactV4 } from '@pact-foundation/pact';
import { addInteraction, createInteraction, GRAPH_PROVIDER } from '../../contracts/kit';
import { OfficeConfigurationsClient } from './client';

export const CONSUMER = 'office-admin-tool';

const SETTINGS = { displayName: 'Office defaults for finance', description: 'Macros off', priority: 3 };

/** Writes the consumer's pact into `dir` (Pact's file name: office-admin-tool-<provider>.json) and returns its path. */
export async function writeConsumerPact(dir: string): Promise<string> {
  const pact = new PactV4({ consumer: CONSUMER, provider: GRAPH_PROVIDER, dir, logLevel: 'error', host: '127.0.0.1' });
  const interaction = createInteraction({
    body: SETTINGS,
    description: 'the admin tool creates a Windows Office configuration',
  });
  await addInteraction(pact, interaction).executeTest(async (mock) => {
    const client = new OfficeConfigurationsClient(mock.url, () => Promise.resolve('consumer-test-token'));
    const created = await client.createWindowsConfiguration(SETTINGS);
    if (typeof created.id !== 'string' || created.displayName !== SETTINGS.displayName)
      throw new Error(`the client did not read the created entity back: ${JSON.stringify(created)}`);
  });
  return `${dir}/${CONSUMER}-${GRAPH_PROVIDER}.json`;
}
