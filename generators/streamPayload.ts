import fc from 'fast-check';
import { memoize } from './memo';
import { int32 } from './int32';
import { graphString } from './graphString';

export interface StreamPayloadConstraints {
  /** Most settings in the encoded object; default 6. */
  maxKeys?: number;
}

/** An Edm.Stream as sent (standard base64 with padding) and the UTF-8 JSON text it carries, for byte comparison. */
export interface StreamPayloadValue {
  text: string;
  json: string;
}

const SETTING_NAMES = [
  'L_DisableAutoSave',
  'L_BlockMacrosFromInternet',
  'L_DefaultSaveFormat',
  'office16.policies.word.options.defaultformat',
  'Theme',
  'UpdateChannel',
  'EnableAutomaticUpdates',
  'Ünïcødé-Einstellung',
  '设置',
];

/**
 * Edm.Stream payloads: base64 (RFC 4648 section 4, with padding) of UTF-8 JSON objects of policy-like settings,
 * compact or pretty-printed, with non-ASCII keys and values so the bytes are not plain ASCII.
 */
export const streamPayload = memoize((c: StreamPayloadConstraints): fc.Arbitrary<StreamPayloadValue> => {
  const key = fc.oneof(
    fc.constantFrom(...SETTING_NAMES),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }),
  );
  const scalar = fc.oneof(
    fc.boolean(),
    int32(),
    fc.constantFrom('Enabled', 'Disabled', 'NotConfigured'),
    graphString({ long: false }),
  );
  const value = fc.oneof(
    { arbitrary: scalar, weight: 4 },
    { arbitrary: fc.array(scalar, { maxLength: 3 }), weight: 1 },
    { arbitrary: fc.dictionary(key, scalar, { maxKeys: 3, noNullPrototype: true }), weight: 1 },
  );
  const settings = fc.dictionary(key, value, { maxKeys: c.maxKeys ?? 6, noNullPrototype: true });
  return fc.tuple(settings, fc.boolean()).map(([obj, pretty]) => {
    const json = pretty ? JSON.stringify(obj, null, 2) : JSON.stringify(obj);
    return { text: Buffer.from(json, 'utf8').toString('base64'), json };
  });
});
