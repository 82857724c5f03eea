import type { ReferenceOptions } from '../reference/handler';
import { startServer, type ListenOptions, type RunningServer } from '../reference/server';
import { findVariant, VARIANT_NAMES } from './catalog';

export { findVariant, VARIANT_NAMES, VARIANTS } from './catalog';
export { formatInstant, readDotNet, roundToTick, truncateFraction, type DotNetReading } from './datetime';
export { parseLenientJson } from './lenient-json';
export { runsIn, type VariantMode, type VariantSpec } from './types';

/** Starts the named variant like startReference (127.0.0.1, ephemeral port unless given). Rejects on an unknown name. */
export async function startVariant(
  name: string,
  options: ReferenceOptions & ListenOptions = {},
): Promise<RunningServer> {
  const spec = findVariant(name);
  if (!spec) throw new Error(`unknown variant "${name}"; known: ${VARIANT_NAMES.join(', ')}`);
  return startServer(spec.createHandler(options), options);
}
