import { parseXml, XmlError } from './xml';

test('the oracle refuses what is not well-formed XML 1.0', () => {
  for (const bad of [
    '<a><b></a>',
    '<a x="1" x="2"/>',
    '<a x="<"/>',
    '<a>&bogus;</a>',
    '<a/><b/>',
    '<a>\u0001</a>',
    'text',
  ])
    expect(() => parseXml(bad)).toThrow(XmlError);
});

test('and reads a well-formed document into elements, attributes and decoded text', () => {
  const root = parseXml('<?xml version="1.0"?><a k="1&amp;2&#9;"><b>x&lt;y</b>z<c/></a>');
  expect(root).toEqual({
    name: 'a',
    attrs: { k: '1&2\t' },
    text: 'z',
    children: [
      { name: 'b', attrs: {}, text: 'x<y', children: [] },
      { name: 'c', attrs: {}, text: '', children: [] },
    ],
  });
});
