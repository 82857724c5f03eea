import fc from 'fast-check';
import { decodeSkipToken, encodeSkipToken, parseQuery, preferredPageSize, type QueryRules } from './query';

const rules: QueryRules = {
  selectable: new Set(['id', 'displayName', 'priority']),
  typeName: 'microsoft.graph.officeClientConfiguration',
  defaultPageSize: 100,
};

describe('query options', () => {
  test('a $skiptoken round-trips any position, and is URL-safe', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        const token = encodeSkipToken(n);
        expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeSkipToken(token)).toBe(n);
      }),
      { seed: 14 },
    );
    expect(decodeSkipToken('')).toBeUndefined();
    expect(decodeSkipToken(Buffer.from('after:-1').toString('base64url'))).toBeUndefined();
  });

  test('the collection: defaults, and what the next link carries', () => {
    const plain = parseQuery('', 'collection', rules);
    expect(plain).toEqual({
      ok: true,
      query: { kind: 'collection', pageSize: 100, topGiven: false, after: 0, count: false, carried: [] },
    });
    const full = parseQuery(
      `?$top=2&x=1&$skiptoken=${encodeSkipToken(7)}&$select=displayName, priority&$count=TRUE`,
      'collection',
      rules,
    );
    expect(full.ok && full.query).toEqual({
      kind: 'collection',
      pageSize: 2,
      topGiven: true,
      after: 7,
      count: true,
      select: { names: ['displayName', 'priority'], keep: new Set(['displayName', 'priority']) },
      carried: ['$top=2', 'x=1', '$select=displayName, priority', '$count=TRUE'],
    });
  });

  test('Prefer: odata.maxpagesize (with or without the prefix, among other preferences); malformed ones are ignored', () => {
    expect(preferredPageSize('odata.maxpagesize=2')).toBe(2);
    expect(preferredPageSize('return=minimal, maxpagesize = "25"')).toBe(25);
    expect(preferredPageSize(['respond-async', 'odata.maxpagesize=3'])).toBe(3);
    for (const ignored of [
      undefined,
      '',
      'odata.maxpagesize=0',
      'odata.maxpagesize=-1',
      'odata.maxpagesize=x',
      'return=minimal',
    ])
      expect(preferredPageSize(ignored)).toBeUndefined();
  });

  test('a larger default page size raises the $top limit with it', () => {
    expect(parseQuery('$top=1500', 'collection', { ...rules, defaultPageSize: 2000 }).ok).toBe(true);
    expect(parseQuery('$top=1500', 'collection', rules).ok).toBe(false);
  });
});
