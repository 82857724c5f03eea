import fc from 'fast-check';
import { decodeStream, isBase64, isDateTimeOffset, isInt32 } from '../specs/edm';
import { impossibleDateTimeOffset, malformedDateTimeOffset } from './badDateTimeOffset';
import {
  int32Overflow,
  invalidBase64,
  mismatchedTypeName,
  nonIntegral,
  unknownTypeName,
  wrongJsonType,
} from './badValues';
import { infoOf, jsonTypeOf, knownTypeNames } from './schema';

const opts = { numRuns: 500, seed: 41 };

describe('bad values', () => {
  test('impossible and malformed DateTimeOffsets are rejected by edm.ts', () => {
    for (const t of fc.sample(impossibleDateTimeOffset(), opts)) expect([t, isDateTimeOffset(t)]).toEqual([t, false]);
    for (const t of fc.sample(malformedDateTimeOffset(), opts)) expect([t, isDateTimeOffset(t)]).toEqual([t, false]);
    const impossible = fc.sample(impossibleDateTimeOffset(), opts);
    for (const needle of ['-02-30T', '-02-29T', 'T24:', ':60', '+24:00'])
      expect(impossible.some((t) => t.includes(needle))).toBe(true);
  });

  test('invalid Streams decode neither as base64 nor as base64url', () => {
    for (const t of fc.sample(invalidBase64(), opts)) {
      expect(isBase64(t)).toBe(false);
      expect(decodeStream(t)).toBeUndefined();
    }
  });

  test('Int32 breakers break only the range or only the fraction', () => {
    for (const n of fc.sample(int32Overflow(), opts)) expect(Number.isInteger(n) && !isInt32(n)).toBe(true);
    for (const n of fc.sample(nonIntegral(), opts)) {
      expect(Number.isFinite(n) && !Number.isInteger(n) && Math.abs(n) < 2 ** 31).toBe(true);
    }
  });

  test('wrong JSON types avoid every allowed type and null', () => {
    const info = infoOf({ type: ['string', 'null'] });
    const arb = wrongJsonType(info);
    for (const v of fc.sample(arb ?? fc.constant(''), opts)) expect(['string', 'null']).not.toContain(jsonTypeOf(v));
    const int = wrongJsonType(infoOf({ type: 'integer' }));
    for (const v of fc.sample(int ?? fc.constant(0), opts)) expect(typeof v).not.toBe('number');
    expect(wrongJsonType(infoOf({}))).toBeUndefined();
  });

  test('type names: unknown ones are unknown, mismatched ones are known but not allowed', () => {
    const known = knownTypeNames();
    expect(known.has('microsoft.graph.windowsOfficeClientConfiguration')).toBe(true);
    for (const n of fc.sample(unknownTypeName(known), opts)) expect(known.has(n.replace(/^#/, ''))).toBe(false);
    const allowed = ['#microsoft.graph.officeUserCheckinSummary', 'microsoft.graph.officeUserCheckinSummary'];
    for (const n of fc.sample(mismatchedTypeName(known, allowed) ?? fc.constant(''), opts)) {
      expect(known.has(n.replace(/^#/, ''))).toBe(true);
      expect(n.replace(/^#/, '')).not.toBe('microsoft.graph.officeUserCheckinSummary');
    }
    expect(mismatchedTypeName(known, [...known])).toBeUndefined();
  });
});
