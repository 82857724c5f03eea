/**
 * The generators held to the OData ABNF (specs/abnf/oracle.ts compiles OASIS's grammar with apg-js): every valid
 * DateTimeOffset they make is on the grammar and the calendar, every malformed one is off the grammar, every
 * impossible one is off the grammar or the calendar, and none is a leap second (valid by the grammar, not holdable by
 * .NET, so never sent either way).
 */
import { existsSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { ABNF_DIR, isCalendarValid, isLeapSecond, loadOracle, type Oracle } from '../specs/abnf/oracle';
import { readSchemas } from '../specs/loader';
import { impossibleDateTimeOffset, malformedDateTimeOffset } from './badDateTimeOffset';
import { dateTimeOffset } from './dateTimeOffset';
import { validCreateBody } from './validCreateBody';

const haveAbnf = existsSync(ABNF_DIR);
if (!haveAbnf) {
  console.warn(`generators ABNF test: ${ABNF_DIR} not found; set it up beside the clone to run the grammar checks`);
  if (process.env['CI']) throw new Error(`generators ABNF test needs ${ABNF_DIR}; CI must have it beside the clone`);
}

const DTO = 'dateTimeOffsetValue';
const SEED = 20240229;
const SAMPLES = 2000;

function show(text: string): string {
  const cut = text.length > 60 ? `${text.slice(0, 30)}…${text.slice(-25)} (${text.length} chars)` : text;
  return JSON.stringify(cut);
}

(haveAbnf ? describe : describe.skip)('generated DateTimeOffsets against the OData ABNF', () => {
  let oracle: Oracle;
  const grammarValid = (text: string): boolean => oracle.matches(DTO, text);
  const expected = (text: string): boolean => grammarValid(text) && isCalendarValid(text);

  beforeAll(() => {
    const loaded = loadOracle();
    if (!loaded) throw new Error(`${ABNF_DIR} lacks the grammar`);
    oracle = loaded;
  });

  test(`dateTimeOffset(): ${SAMPLES} values all on the grammar, calendar-valid, no leap second`, () => {
    const texts = fc.sample(dateTimeOffset(), { numRuns: SAMPLES, seed: SEED }).map((v) => v.text);
    const bad = texts.filter((t) => !grammarValid(t) || !isCalendarValid(t) || isLeapSecond(t)).map(show);
    expect(bad).toEqual([]);
  });

  test(`malformedDateTimeOffset(): ${SAMPLES} values all off the grammar, 13+ fraction digits included`, () => {
    const texts = fc.sample(malformedDateTimeOffset(), { numRuns: SAMPLES, seed: SEED });
    const thirteen = texts.filter((t) => /\.[0-9]{13,}/.test(t));
    console.log(`ABNF oracle: malformedDateTimeOffset() gave ${thirteen.length} texts with 13+ fraction digits`);
    expect(thirteen.length).toBeGreaterThan(0);
    expect(thirteen.filter(grammarValid).map(show)).toEqual([]);
    expect(texts.filter(grammarValid).map(show)).toEqual([]);
  });

  test(`impossibleDateTimeOffset(): ${SAMPLES} values all off the grammar or the calendar, no leap second`, () => {
    const texts = fc.sample(impossibleDateTimeOffset(), { numRuns: SAMPLES, seed: SEED });
    expect(texts.filter(expected).map(show)).toEqual([]);
    expect(texts.filter(isLeapSecond).map(show)).toEqual([]);
  });

  test('validCreateBody(): every string at a date-time position is on the grammar and calendar-valid', () => {
    // Ajv finds the positions (it walks $ref, if/then and items as the schemas say): a recording `date-time`
    // format sees every string the request schema puts there, so no property is named here.
    const seen: string[] = [];
    const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
    ajv.addFormat('date-time', { type: 'string', validate: (s: string) => (seen.push(s), true) });
    ajv.addFormat('int32', { type: 'number', validate: () => true });
    let requestId: string | undefined;
    for (const [file, schema] of readSchemas()) {
      ajv.addSchema(schema);
      if (file === 'createRequest.schema.json') requestId = schema['$id'] as string;
    }
    if (requestId === undefined) throw new Error('specs/schemas has no createRequest.schema.json');
    const validate = ajv.compile({ $ref: requestId });
    const bodies = fc.sample(validCreateBody(), { numRuns: 400, seed: SEED });
    for (const body of bodies) validate(body);
    console.log(`ABNF oracle: ${bodies.length} valid create bodies, ${seen.length} strings at date-time positions`);
    expect(seen.length).toBeGreaterThan(20);
    expect(seen.filter((t) => !expected(t)).map(show)).toEqual([]);
  });
});
