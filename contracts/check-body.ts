/**
 * The create body of a pact, as `pact check` sorts it: docs-valid, invalid, or invalid only in ways a conforming
 * service may still accept (an undeclared property; a leniency of the profile, specs/leniencies.ts).
 */
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import type { Leniency } from '../checks/profiles';
import { isDateTimeOffset } from '../specs/edm';
import { isObject, ODATA_TYPE } from '../specs/walker';
import type { CheckContext } from './check-context';
import { describeKind, escapePointer } from './check-values';

/** What makes a body not docs-valid while a conforming service may still accept it. */
export type SoftFault = { kind: 'unknown-property' | Leniency; pointer: string };

export interface BodyVerdict {
  valid: boolean;
  /** Faults a conforming service may accept (unknown properties always; leniencies in the profiles listing them). */
  soft: SoftFault[];
  /** Faults that make the body invalid ("pointer: message"). */
  hard: string[];
}

function unescapePointer(seg: string): string {
  return seg.replace(/~1/g, '/').replace(/~0/g, '~');
}

function at(root: unknown, ptr: string): unknown {
  let v = root;
  for (const seg of ptr.split('/').slice(1).map(unescapePointer)) {
    if (Array.isArray(v)) v = v[Number(seg)];
    else if (isObject(v)) v = v[seg];
    else return undefined;
  }
  return v;
}

function setAt(root: unknown, ptr: string, value: unknown): void {
  const segs = ptr.split('/').slice(1).map(unescapePointer);
  const last = segs.pop();
  const parent = at(root, segs.length ? `/${segs.map(escapePointer).join('/')}` : '');
  if (last === undefined) return;
  if (Array.isArray(parent)) parent[Number(last)] = value;
  else if (isObject(parent)) parent[last] = value;
}

const schemaMessage = (e: ErrorObject): string => {
  const extra =
    e.keyword === 'additionalProperties'
      ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})`
      : e.keyword === 'enum'
        ? ` (${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((x) => JSON.stringify(x)).join(', ')})`
        : '';
  return `${e.instancePath || '/'}: ${e.message ?? e.keyword}${extra}`;
};

/**
 * Validates a create body with the compiled request schema and sorts what is wrong: an undeclared property, a
 * DateTimeOffset with more than 12 fractional digits and a missing top-level @odata.type are repaired in a copy and
 * noted as soft faults (what a conforming service may accept); whatever remains is hard.
 */
export function classifyCreateBody(body: unknown, ctx: CheckContext): BodyVerdict {
  if (body === undefined) return { valid: false, soft: [], hard: ['/: the create sends no body'] };
  if (!isObject(body)) return { valid: false, soft: [], hard: [`/: the body is ${describeKind(body)}, not an object`] };
  const compiled: ValidateFunction = ctx.specs.createRequest;
  // Not the type guard itself: a failed guard would narrow the body to `never`.
  const validate = (v: unknown): boolean => compiled(v) === true;
  if (validate(body)) return { valid: true, soft: [], hard: [] };
  const soft: SoftFault[] = [];
  let copy: Record<string, unknown> = structuredClone(body);
  let remaining: ErrorObject[] = [];
  for (let round = 0; round < 6; round++) {
    if (validate(copy)) return { valid: false, soft, hard: [] };
    const errors = (compiled.errors ?? []).filter((e) => e.keyword !== 'if');
    remaining = errors;
    let repaired = false;
    for (const e of errors) {
      if (e.keyword === 'additionalProperties') {
        const key = String((e.params as { additionalProperty?: unknown }).additionalProperty);
        const parent = at(copy, e.instancePath);
        if (isObject(parent) && key in parent) {
          delete parent[key];
          soft.push({ kind: 'unknown-property', pointer: `${e.instancePath}/${escapePointer(key)}` });
          repaired = true;
        }
      } else if (e.keyword === 'pattern' || e.keyword === 'format') {
        const v = at(copy, e.instancePath);
        if (typeof v !== 'string') continue;
        const fixed = v.replace(/(\.\d{12})\d+/, '$1');
        if (fixed !== v && isDateTimeOffset(fixed)) {
          setAt(copy, e.instancePath, fixed);
          soft.push({ kind: 'datetime-fraction-over-12-digits', pointer: e.instancePath });
          repaired = true;
        }
      } else if (
        e.keyword === 'required' &&
        e.instancePath === '' &&
        (e.params as { missingProperty?: unknown }).missingProperty === ODATA_TYPE &&
        copy[ODATA_TYPE] === undefined
      ) {
        const base = copy;
        const fitting = ctx.createTypes.find((t) => validate({ ...base, [ODATA_TYPE]: t }));
        copy = { ...base, [ODATA_TYPE]: fitting ?? ctx.createTypes[0] ?? '' };
        soft.push({ kind: 'missing-odata-type', pointer: `/${ODATA_TYPE}` });
        repaired = true;
        break; // the errors above were of the body without its type
      }
    }
    if (!repaired) break;
  }
  return { valid: false, soft, hard: [...new Set(remaining.map(schemaMessage))] };
}
