/** Reading a request body into a JSON object, and schema violations as the 400 answer reports them. */
import type { IncomingMessage } from 'node:http';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { ValidationIssue } from './hooks';
import { decodeUtf8, errorAnswer, readBody, requireJson, type Answer, type ErrorDetail } from './http';
import { isJsonObject, nestingDepth, type JsonObject } from './json';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Deeper JSON is refused before it is parsed; a valid body nests 4 levels (body, assignments, item, target). */
export const MAX_NESTING_DEPTH = 64;

export function issuesOf(validate: ValidateFunction, data: unknown): ValidationIssue[] {
  if (validate(data)) return [];
  // An `if` error only repeats its `then` branch's errors, which carry the precise pointer. With no @odata.type
  // every `then` branch applies, so the same violation can come several times: keep one of each.
  const seen = new Set<string>();
  return (validate.errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map(toIssue)
    .filter((i) => {
      const key = `${i.pointer}\u0000${i.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function toIssue(e: ErrorObject): ValidationIssue {
  const params = e.params as { additionalProperty?: unknown; allowedValues?: unknown };
  let message = e.message ?? e.keyword;
  if (e.keyword === 'additionalProperties' && params.additionalProperty !== undefined)
    message += `: '${String(params.additionalProperty)}'`;
  if (e.keyword === 'enum' && Array.isArray(params.allowedValues))
    message += `: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return { pointer: e.instancePath, keyword: e.keyword, message };
}

/** 400 with every schema violation: the message names the first ten, error.details holds up to fifty. */
export function validationAnswer(issues: ValidationIssue[], what: string): Answer {
  const text = issues
    .slice(0, 10)
    .map((i) => `${i.pointer === '' ? '(body)' : i.pointer} ${i.message}`)
    .join('; ');
  const more = issues.length > 10 ? ` (and ${issues.length - 10} more)` : '';
  const details: ErrorDetail[] = issues
    .slice(0, 50)
    .map((i) => ({ code: i.keyword, message: i.message, target: i.pointer === '' ? '/' : i.pointer }));
  return errorAnswer(400, `the body is not a valid ${what}: ${text}${more}`, { details });
}

export type JsonOutcome = { ok: true; body: JsonObject } | { ok: false; answer: Answer };

/** Content type, size, UTF-8, nesting depth, JSON syntax and "is an object", in that order. */
export async function readJsonObject(
  req: IncomingMessage,
  maxBodyBytes: number,
  parse: (text: string) => unknown = JSON.parse,
): Promise<JsonOutcome> {
  const unsupported = requireJson(req);
  if (unsupported) return { ok: false, answer: unsupported };
  const read = await readBody(req, maxBodyBytes);
  if (!read.ok) return read;
  const text = decodeUtf8(read.bytes);
  if (text === undefined) return { ok: false, answer: errorAnswer(400, 'the request body is not valid UTF-8') };
  if (text.trim() === '') return { ok: false, answer: errorAnswer(400, 'the request body is empty') };
  const depth = nestingDepth(text);
  if (depth > MAX_NESTING_DEPTH)
    return {
      ok: false,
      answer: errorAnswer(400, `the JSON nests ${depth} levels deep; at most ${MAX_NESTING_DEPTH} are accepted`),
    };
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    return { ok: false, answer: errorAnswer(400, `the request body is not valid JSON: ${(e as Error).message}`) };
  }
  if (!isJsonObject(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return { ok: false, answer: errorAnswer(400, `the request body must be a JSON object, not ${kind}`) };
  }
  return { ok: true, body: value };
}

/**
 * The issues of an action's parameter object that are not about one parameter's value: a property that is no
 * parameter (annotations, names with '@', are allowed as in every body) and a required parameter left out.
 */
export function parameterIssues(body: JsonObject, parameters: ReadonlyArray<string>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const key of Object.keys(body))
    if (!key.includes('@') && !parameters.includes(key))
      issues.push({
        pointer: '',
        keyword: 'additionalProperties',
        message: `must NOT have additional properties: '${key}' (the parameters are ${parameters.join(', ')})`,
      });
  for (const p of parameters)
    if (!Object.prototype.hasOwnProperty.call(body, p))
      issues.push({ pointer: '', keyword: 'required', message: `must have required property '${p}'` });
  return issues;
}
