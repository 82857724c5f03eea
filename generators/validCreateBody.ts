import fc from 'fast-check';
import { arbitraryFromSchema } from './arbitraryFromSchema';
import { createRoots, type CreateBodyOptions } from './createRoots';
import { memoize } from './memo';
import type { ValidBody } from './types';

/** See CreateBodyOptions: the derived type, `assignments`, nested @odata.type spelling, array and string sizes. */
export type ValidBodyConstraints = CreateBodyOptions;

/**
 * POST /officeConfiguration/clientConfigurations bodies that follow every rule of the request schema: @odata.type
 * is `#microsoft.graph.windowsOfficeClientConfiguration` (or the security sibling when asked), no readOnly property
 * (id, lastModifiedDateTime) ever appears, and everything else comes from the schemas through arbitraryFromSchema.
 */
export const validCreateBody = memoize((c: ValidBodyConstraints): fc.Arbitrary<ValidBody> => {
  const arbs = createRoots(c).map((r) => arbitraryFromSchema(r.schema, r.constraints) as fc.Arbitrary<ValidBody>);
  const [only] = arbs;
  return arbs.length === 1 && only ? only : fc.oneof(...arbs);
});
