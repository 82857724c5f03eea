/** What the engine imports from generators/: named exports only, so the public surface stays deliberate. */
export type { InvalidCase, ValidBody } from './types';
export { validCreateBody, type ValidBodyConstraints } from './validCreateBody';
export { invalidCreateBody, type InvalidBodyConstraints } from './invalidCreateBody';
export { INVALID_RULES, type InvalidRule, type InvalidRuleId } from './invalidRules';
export { type CreateBodyOptions } from './createRoots';
export { navigationProperties } from './schema';
export { arbitraryFromSchema, type ArbitraryFromSchemaConstraints } from './arbitraryFromSchema';
export { dateTimeOffset, type DateTimeOffsetConstraints, type DateTimeOffsetValue } from './dateTimeOffset';
export { streamPayload, type StreamPayloadConstraints, type StreamPayloadValue } from './streamPayload';
export { int32, type Int32Constraints } from './int32';
export { graphString, type GraphStringConstraints } from './graphString';
export {
  odataTypeAnnotation,
  type ODataTypeAnnotationConstraints,
  type ODataTypeSpelling,
} from './odataTypeAnnotation';
