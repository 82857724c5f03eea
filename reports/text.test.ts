import { mdCode, mdFence, safeCurl, truncate, visibleControls, xmlAttr, xmlText } from './text';

describe('text helpers', () => {
  test('visibleControls keeps tab, LF, CR and astral pairs; shows the rest as \\uXXXX', () => {
    expect(visibleControls('a\tb\nc\rd')).toBe('a\tb\nc\rd');
    expect(visibleControls('\u0000\u001f\u007f\u009f')).toBe('\\u0000\\u001f\\u007f\\u009f');
    expect(visibleControls('😀x\ud83d')).toBe('😀x\\ud83d');
    expect(visibleControls('\udc00\ufffe\uffff\ufffd')).toBe('\\udc00\\ufffe\\uffff\ufffd');
  });

  test('xml escaping', () => {
    expect(xmlText('a<b>&]]>\r')).toBe('a&lt;b&gt;&amp;]]&gt;&#13;');
    expect(xmlAttr('"x"\n\t')).toBe('&quot;x&quot;&#10;&#9;');
  });

  test('truncate never splits a surrogate pair', () => {
    expect(truncate('ab😀cd', 3)).toBe('ab… (4 more characters)');
    expect(truncate('abc', 3)).toBe('abc');
  });

  test('safeCurl hides cookie and key headers but keeps $GRAPH_TOKEN', () => {
    const curl = `curl -X POST 'u' -H 'Cookie: a=b'\\''c' -H 'x-api-key: k' -H 'accept: x' -H "Authorization: Bearer $GRAPH_TOKEN" --data-binary 'x'`;
    expect(safeCurl(curl)).toBe(
      `curl -X POST 'u' -H 'Cookie: <hidden>' -H 'x-api-key: <hidden>' -H 'accept: x' -H "Authorization: Bearer $GRAPH_TOKEN" --data-binary 'x'`,
    );
    // a body that mentions a cookie header is left alone
    const body = `curl 'u' --data-binary '-H '\\''cookie: z'\\'''`;
    expect(safeCurl(body)).toBe(body);
  });

  test('Markdown code spans and fences outgrow the backticks inside', () => {
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x')).toBe('`` `x ``');
    expect(mdCode('a|b')).toBe('`a\\|b`');
    expect(mdFence('x\n````\ny')).toBe('`````\nx\n````\ny\n`````');
    expect(mdFence('plain', 'sh')).toBe('```sh\nplain\n```');
  });
});
