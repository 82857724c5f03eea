/**
 * A small, strict XML 1.0 reader for tests: it checks well-formedness (one root, matched tags, quoted and unique
 * attributes, known entities, no character XML 1.0 forbids, no `]]>` in text) and returns the element tree with
 * entities decoded. No DTDs, no namespaces processing: enough to read back what the report writers produce.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The decoded text directly inside this element (children's text excluded). */
  text: string;
}

export class XmlError extends Error {}

const NAME_START = /[A-Za-z_:]/;
const NAME_CHAR = /[A-Za-z0-9_:.-]/;

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

export function parseXml(source: string): XmlElement {
  for (const ch of source) {
    const code = ch.codePointAt(0) ?? 0;
    if (!isXmlChar(code))
      throw new XmlError(`character U+${code.toString(16).padStart(4, '0')} is not allowed in XML 1.0`);
  }
  let i = 0;
  const fail = (what: string): never => {
    throw new XmlError(`${what} at offset ${i}: ${JSON.stringify(source.slice(i, i + 40))}`);
  };
  const skipSpace = (): void => {
    while (i < source.length && ' \t\r\n'.includes(source[i] ?? '')) i++;
  };
  const readName = (): string => {
    const start = i;
    if (!NAME_START.test(source[i] ?? '')) fail('expected a name');
    i++;
    while (i < source.length && NAME_CHAR.test(source[i] ?? '')) i++;
    return source.slice(start, i);
  };
  const decode = (raw: string): string => {
    let out = '';
    let j = 0;
    while (j < raw.length) {
      const c = raw[j] ?? '';
      if (c === '<') throw new XmlError(`raw "<" in text or attribute: ${JSON.stringify(raw.slice(j, j + 30))}`);
      if (c !== '&') {
        out += c;
        j++;
        continue;
      }
      const end = raw.indexOf(';', j);
      if (end < 0) throw new XmlError(`unterminated entity: ${JSON.stringify(raw.slice(j, j + 12))}`);
      const ent = raw.slice(j + 1, end);
      const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
      if (named[ent] !== undefined) out += named[ent];
      else if (/^#[0-9]+$/.test(ent) || /^#x[0-9a-fA-F]+$/.test(ent)) {
        const code = ent[1] === 'x' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
        if (!isXmlChar(code)) throw new XmlError(`character reference &${ent}; names a character XML 1.0 forbids`);
        out += String.fromCodePoint(code);
      } else throw new XmlError(`unknown entity &${ent};`);
      j = end + 1;
    }
    return out;
  };
  const skipMisc = (): void => {
    for (;;) {
      skipSpace();
      if (source.startsWith('<!--', i)) {
        const end = source.indexOf('-->', i + 4);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else if (source.startsWith('<?', i)) {
        const end = source.indexOf('?>', i + 2);
        if (end < 0) fail('unterminated processing instruction');
        i = end + 2;
      } else return;
    }
  };
  const readElement = (): XmlElement => {
    if (source[i] !== '<') fail('expected "<"');
    i++;
    const name = readName();
    const el: XmlElement = { name, attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      skipSpace();
      if (source.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (source[i] === '>') {
        i++;
        break;
      }
      if (before === i) fail('expected whitespace before an attribute');
      const attr = readName();
      skipSpace();
      if (source[i] !== '=') fail(`expected "=" after attribute ${attr}`);
      i++;
      skipSpace();
      const q = source[i];
      if (q !== '"' && q !== "'") fail(`attribute ${attr} is not quoted`);
      const end = source.indexOf(q ?? '"', i + 1);
      if (end < 0) fail(`unterminated attribute ${attr}`);
      if (Object.prototype.hasOwnProperty.call(el.attrs, attr)) fail(`duplicate attribute ${attr}`);
      el.attrs[attr] = decode(source.slice(i + 1, end));
      i = end + 1;
    }
    for (;;) {
      const lt = source.indexOf('<', i);
      if (lt < 0) fail(`element <${name}> is not closed`);
      const raw = source.slice(i, lt);
      if (raw.includes(']]>')) fail('"]]>" in text');
      el.text += decode(raw);
      i = lt;
      if (source.startsWith('</', i)) {
        i += 2;
        const close = readName();
        if (close !== name) fail(`</${close}> closes <${name}>`);
        skipSpace();
        if (source[i] !== '>') fail('expected ">"');
        i++;
        return el;
      }
      if (source.startsWith('<!--', i)) {
        const end = source.indexOf('-->', i + 4);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else if (source.startsWith('<![CDATA[', i)) {
        const end = source.indexOf(']]>', i + 9);
        if (end < 0) fail('unterminated CDATA');
        el.text += source.slice(i + 9, end);
        i = end + 3;
      } else el.children.push(readElement());
    }
  };
  if (source.charCodeAt(0) === 0xfeff) i = 1;
  skipMisc();
  const root = readElement();
  skipMisc();
  if (i !== source.length) fail('content after the root element');
  return root;
}

/** Every descendant element (depth first) with this name. */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    for (const c of e.children) {
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}
