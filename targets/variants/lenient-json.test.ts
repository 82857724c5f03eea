import fc from 'fast-check';
import { parseLenientJson } from './lenient-json';

describe('parseLenientJson', () => {
  test('reads every JSON text exactly as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), (text) => {
        expect(parseLenientJson(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  test('reads whitespace, escapes and numbers like JSON.parse', () => {
    const text =
      ' \t\r\n{"a\\u00e9\\n\\"\\\\\\/\\b\\f\\r\\t":[-0,1.5e3,-2E-2,0.25,true,false,null,"\\ud83d\\ude00"]}\n';
    expect(parseLenientJson(text)).toEqual(JSON.parse(text));
  });

  test("reads ODL's single-quoted strings (COMPAT 45), with \\' and the JSON escapes", () => {
    expect(parseLenientJson(`{'@odata.type':'#microsoft.graph.x','a':'it\\'s "quoted"\\n','b':['x',"y"]}`)).toEqual({
      '@odata.type': '#microsoft.graph.x',
      a: 'it\'s "quoted"\n',
      b: ['x', 'y'],
    });
  });

  test("reads ODL's unquoted member names (COMPAT 46): letters, digits, _ $ . @", () => {
    expect(parseLenientJson('{@odata.type:"#microsoft.graph.x", displayName : "d", $x_1:1, a.b@c:2}')).toEqual({
      '@odata.type': '#microsoft.graph.x',
      displayName: 'd',
      $x_1: 1,
      'a.b@c': 2,
    });
  });

  test.each([
    ['a trailing comma in an object', '{"a":1,}'],
    ['a trailing comma in an array', '[1,]'],
    ['a comment', '/* c */{}'],
    ['NaN', '{"a":NaN}'],
    ['two documents', '{}{}'],
    ['a truncated text', '{"a":'],
    ['an unterminated string', '{"a":"b'],
    ['an unquoted value', '{"a":hello}'],
    ['a bare word', 'hello'],
    ['an empty text', ''],
    ['a name with a dash', '{a-b:1}'],
    ['a leading zero', '[01]'],
    ['a lone minus', '[-]'],
    ['a raw control character', '"a\u0001b"'],
    ["\\' inside double quotes", '"it\\\'s"'],
    ['a bad \\u escape', '"\\u12"'],
    ['an unknown escape', '"\\x41"'],
    ['a missing colon', '{"a" 1}'],
    ['a missing comma', '[1 2]'],
  ])('refuses %s', (_what, text) => {
    expect(() => parseLenientJson(text)).toThrow(SyntaxError);
  });

  test('refuses nesting past the limit before recursing into it, whatever the quotes hide', () => {
    expect(parseLenientJson('['.repeat(64) + ']'.repeat(64), 64)).toBeDefined();
    expect(() => parseLenientJson('['.repeat(65) + ']'.repeat(65), 64)).toThrow(/deeper than 64 levels/);
    // A '"' inside a single-quoted string would blind a depth count made for JSON: the reader counts for itself.
    const sneaky = `{'a':'"',b:${'['.repeat(100_000)}`;
    expect(() => parseLenientJson(sneaky, 64)).toThrow(/deeper than 64 levels/);
  });

  test('__proto__ and constructor become plain own properties', () => {
    const v = parseLenientJson(`{'__proto__':{'polluted':true},constructor:1}`) as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(v, '__proto__')).toBe(true);
    expect(v['constructor']).toBe(1);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
