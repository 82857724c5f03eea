/**
 * Which generated bodies become interactions: a fixed-seed sample of validCreateBody, picked so that every optional
 * shape a consumer may send is in the contract once. The pick is deterministic: the same seed gives the same pool
 * (fc.sample with that seed), and each shape takes the first body of the pool, in pool order, that has the shape and
 * is not taken yet.
 */
import fc from 'fast-check';
import { invalidCreateBody, validCreateBody, type InvalidCase, type ValidBody } from '../generators';

/** Bodies drawn per seed; every shape below appears in the first few dozen for any seed tried. */
export const SAMPLE_POOL_SIZE = 300;
/** Longest body (JSON text) taken into a contract, so pacts stay readable. */
export const MAX_SAMPLE_JSON_LENGTH = 3000;
/** Generator settings of the sample: no multi-kilobyte strings (a contract is read by people). */
export const SAMPLE_CONSTRAINTS = { longStrings: false } as const;

export interface SampleShape {
  id: string;
  /** How the interaction description names the shape. */
  title: string;
  has: (body: ValidBody) => boolean;
}

function someValue(value: unknown, test: (v: unknown, key: string | undefined) => boolean, key?: string): boolean {
  if (test(value, key)) return true;
  if (Array.isArray(value)) return value.some((v: unknown) => someValue(v, test, undefined));
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => someValue(v, test, k));
  return false;
}

const NON_ASCII = /[^\x00-\x7f]/;
/** A numeric offset other than ±00:00 (`-08:00`, `+05:30`). */
const REAL_OFFSET = /[+-](?!00:00$)\d{2}:\d{2}$/;

function checkinStatuses(body: ValidBody): unknown[] | undefined {
  const list = body['checkinStatuses'];
  return Array.isArray(list) ? list : undefined;
}

/** The optional shapes a consumer may send, each covered once, in the order they are picked. */
export const SAMPLE_SHAPES: readonly SampleShape[] = [
  {
    id: 'with-checkin-statuses',
    title: 'with checkinStatuses',
    has: (b) => (checkinStatuses(b)?.length ?? 0) > 0,
  },
  {
    // Arrays echo in full and in order: a provider keeping only the first item fails this one.
    id: 'several-checkin-statuses',
    title: 'with several checkinStatuses',
    has: (b) => (checkinStatuses(b)?.length ?? 0) > 1,
  },
  {
    id: 'without-checkin-statuses',
    title: 'without checkinStatuses',
    has: (b) => !('checkinStatuses' in b) && Object.keys(b).length > 2,
  },
  {
    id: 'nulls',
    title: 'with null values',
    has: (b) => someValue(b, (v) => v === null),
  },
  {
    id: 'non-ascii',
    title: 'with non-ASCII text',
    // Stream values are base64 (ASCII), so any non-ASCII character is in an Edm.String.
    has: (b) => someValue(b, (v) => typeof v === 'string' && NON_ASCII.test(v)),
  },
  {
    id: 'checkin-offset',
    title: 'with a checkinDateTime offset',
    has: (b) =>
      (checkinStatuses(b) ?? []).some((s) =>
        someValue(s, (v, k) => k === 'checkinDateTime' && typeof v === 'string' && REAL_OFFSET.test(v)),
      ),
  },
];

export interface PickedSample {
  shape: SampleShape;
  /** Position in the pool (fc.sample's order), for reproduction. */
  index: number;
  body: ValidBody;
}

/** One body per shape, or an error naming the shape the seed's pool does not cover. */
export function pickSamples(seed: number, shapes: readonly SampleShape[] = SAMPLE_SHAPES): PickedSample[] {
  const pool = fc.sample(validCreateBody(SAMPLE_CONSTRAINTS), { seed, numRuns: SAMPLE_POOL_SIZE });
  const taken = new Set<number>();
  const picked: PickedSample[] = [];
  for (const shape of shapes) {
    const index = pool.findIndex(
      (b, i) =>
        !taken.has(i) &&
        Object.keys(b).length > 1 && // the bare {"@odata.type"} body is the minimal interaction already
        JSON.stringify(b).length <= MAX_SAMPLE_JSON_LENGTH &&
        shape.has(b),
    );
    const body = pool[index];
    if (index < 0 || !body)
      throw new Error(
        `seed ${seed}: none of the first ${SAMPLE_POOL_SIZE} generated bodies is a create body ${shape.title}`,
      );
    taken.add(index);
    picked.push({ shape, index, body });
  }
  return picked;
}

/**
 * The invalid body of the contract: the first case of the seed's pool of `wrong-json-type` bodies whose broken
 * value is a top-level property other than @odata.type, so the one thing wrong is easy to see in the pact
 * (`"priority": "..."`, say). Every conforming server answers it 400.
 */
export function pickInvalid(seed: number): { index: number; case: InvalidCase } {
  const pool = fc.sample(invalidCreateBody({ ...SAMPLE_CONSTRAINTS, rules: ['wrong-json-type'] }), {
    seed,
    numRuns: SAMPLE_POOL_SIZE,
  });
  const index = pool.findIndex(
    (c) =>
      /^\/[^/]+$/.test(c.pointer) &&
      c.pointer !== '/@odata.type' &&
      c.raw === undefined &&
      JSON.stringify(c.body).length <= MAX_SAMPLE_JSON_LENGTH,
  );
  const found = pool[index];
  if (index < 0 || !found)
    throw new Error(`seed ${seed}: no top-level wrong-json-type body among the first ${SAMPLE_POOL_SIZE} cases`);
  return { index, case: found };
}
