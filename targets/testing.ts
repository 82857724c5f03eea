/** Fixtures shared by the targets' unit tests and the e2e suites. */
import { readExample } from '../specs/loader';
import type { JsonObject } from './reference/json';

export const WINDOWS_TYPE = '#microsoft.graph.windowsOfficeClientConfiguration';
export const SECURITY_TYPE = '#microsoft.graph.windowsOfficeClientSecurityConfiguration';
export const COLLECTION = '/officeConfiguration/clientConfigurations';

/** Base64 (RFC 4648 section 4) of UTF-8 JSON text: what an Edm.Stream carries (specs/DERIVATION.md). */
export const streamOf = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');

/** The docs' create example with its "<Unknown Primitive Type Edm.Stream>" placeholders replaced by real payloads. */
export function exampleBody(): JsonObject {
  const example = readExample('windowsofficeclientconfiguration-create.request.json') as JsonObject;
  const payloads: Record<string, string> = {
    userPreferencePayload: streamOf({ theme: 'dark', ribbon: { collapsed: true } }),
    policyPayload: streamOf({ policies: [{ name: 'BlockMacros', value: 1 }] }),
  };
  return JSON.parse(
    JSON.stringify(example, (key, value: unknown) =>
      value === '<Unknown Primitive Type Edm.Stream>' ? payloads[key] : value,
    ),
  ) as JsonObject;
}

/** The smallest valid create body. */
export const minimalBody = (): JsonObject => ({ '@odata.type': WINDOWS_TYPE });
