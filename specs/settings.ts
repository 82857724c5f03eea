/**
 * The values of settings that DERIVATION.md names as readings of the docs. specs/ cannot import checks/, so the values
 * live here and the derivation renders them; checks/ and cli/ may import them from here.
 */

/**
 * How a server may treat a create or PATCH that gives a configuration a priority another one already has: the
 * resource pages only recommend ("should") unique values. `either` (the default) passes a 4xx and a stored value,
 * `refuse` demands a 4xx, `store` demands the value stored as sent. DERIVATION.md, priority-uniqueness.
 */
export const PRIORITY_CLASH_READINGS = ['either', 'refuse', 'store'] as const;
export type PriorityClashReading = (typeof PRIORITY_CLASH_READINGS)[number];
export const DEFAULT_PRIORITY_CLASH: PriorityClashReading = 'either';
