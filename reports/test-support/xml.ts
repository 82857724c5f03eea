/**
 * Reading back what the report writers produce, for tests, with a real XML parser as the oracle (fast-xml-parser's
 * validator for well-formedness, its parser for the tree) rather than one written by the same hands as the writers.
 * On top of it, what the validator lets pass: the XML 1.0 character range, undeclared entities, a raw '<' in an
 * attribute value, more than one root element.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The decoded text directly inside this element (children's text excluded). */
  text: string;
}

export class XmlError extends Error {}

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

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  processEntities: true,
  // Numeric character references (&#9; &#13;) are decoded only with this on.
  htmlEntities: true,
});

type Node = Record<string, unknown>;

function toElement(node: Node): XmlElement | undefined {
  const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
  if (name === undefined) return undefined;
  const attrs = (node[':@'] ?? {}) as Record<string, string>;
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[name] ?? []) as Node[]) {
    if ('#text' in child) text += String(child['#text']);
    else if ('__cdata' in child)
      text += ((child['__cdata'] ?? []) as Node[]).map((c) => String(c['#text'] ?? '')).join('');
    else {
      const el = toElement(child);
      if (el) children.push(el);
    }
  }
  return { name, attrs: { ...attrs }, children, text };
}

export function parseXml(source: string): XmlElement {
  for (const ch of source) {
    const code = ch.codePointAt(0) ?? 0;
    if (!isXmlChar(code))
      throw new XmlError(`character U+${code.toString(16).padStart(4, '0')} is not allowed in XML 1.0`);
  }
  // Two rules the validator lets pass: only XML's five named entities and character references, and no raw '<'
  // inside an attribute value.
  const entity = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(source);
  if (entity) throw new XmlError(`an undeclared entity or a raw "&" at offset ${entity.index}`);
  // Start tags only (outside CDATA sections and comments), each attribute value looked at.
  const markup = source.replace(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g, '');
  for (const tag of markup.matchAll(/<[A-Za-z_][\w:.-]*((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/g))
    if ((tag[1] ?? '').includes('<')) throw new XmlError(`a raw "<" in an attribute value: ${tag[0].slice(0, 60)}`);
  const valid = XMLValidator.validate(source);
  if (valid !== true) throw new XmlError(`${valid.err.code}: ${valid.err.msg} (line ${valid.err.line})`);
  const roots = (parser.parse(source) as Node[]).map(toElement).filter((e): e is XmlElement => e !== undefined);
  if (roots.length !== 1) throw new XmlError(`expected one root element, found ${roots.length}`);
  return roots[0] as XmlElement;
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
