/**
 * The documentation's example create body, made sendable.
 *
 * specs/examples/windowsofficeclientconfiguration-create.request.json is the Graph docs page's example verbatim, and
 * the page writes its two Edm.Stream properties as the placeholder "<Unknown Primitive Type Edm.Stream>", which is
 * not base64 and which every conforming server must refuse. The contract replaces each placeholder with standard
 * padded base64 (RFC 4648 section 4) of a small UTF-8 JSON document of Office settings, the form a real client sends
 * (the Graph SDKs write Edm.Stream as standard base64). Everything else stays as the docs wrote it.
 */
import { readExample } from '../specs/loader';

export const EXAMPLE_REQUEST_FILE = 'windowsofficeclientconfiguration-create.request.json';
export const STREAM_PLACEHOLDER = '<Unknown Primitive Type Edm.Stream>';

/** The JSON documents carried by the example's Stream properties (by property name; others get a generic one). */
export const EXAMPLE_STREAM_DOCUMENTS: Readonly<Record<string, Record<string, unknown>>> = {
  userPreferencePayload: { Theme: 'Colorful', L_DefaultSaveFormat: 'docx' },
  policyPayload: { L_BlockMacrosFromInternet: 'Enabled', L_DisableAutoSave: false },
};

/** Standard base64 of the compact UTF-8 JSON text of `doc`. */
export function streamOf(doc: unknown): string {
  return Buffer.from(JSON.stringify(doc), 'utf8').toString('base64');
}

function replacePlaceholders(value: unknown, key: string | undefined): unknown {
  if (value === STREAM_PLACEHOLDER)
    return streamOf(EXAMPLE_STREAM_DOCUMENTS[key ?? ''] ?? { example: key ?? 'stream' });
  if (Array.isArray(value)) return value.map((v: unknown) => replacePlaceholders(v, undefined));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = replacePlaceholders(v, k);
    return out;
  }
  return value;
}

/** The docs' example create body with real base64 in place of every Stream placeholder. */
export function exampleCreateBody(): Record<string, unknown> {
  const raw = readExample(EXAMPLE_REQUEST_FILE);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new Error(`specs/examples/${EXAMPLE_REQUEST_FILE} is not a JSON object`);
  return replacePlaceholders(raw, undefined) as Record<string, unknown>;
}
