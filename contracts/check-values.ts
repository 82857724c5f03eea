/** How `pact check` findings name a place in a body and a value: JSON pointers, short JSON, JSON kinds, type names. */

export type Path = Array<string | number>;

export const bare = (t: string): string => t.replace(/^#/, '');
/** A qualified type name, '#' optional (OData JSON Format 4.01 section 4.5.3; CSDL qualified names). */
export const TYPE_NAME = /^#?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$/;

export const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One segment of a JSON pointer, escaped (RFC 6901: '~' as '~0', '/' as '~1'). */
export const escapePointer = (seg: string | number): string => String(seg).replace(/~/g, '~0').replace(/\//g, '~1');

export function pointer(path: Path): string {
  return path.length === 0 ? '/' : `/${path.map(escapePointer).join('/')}`;
}

export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 60)}... (${text.length} chars)` : text;
}

type Kind = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean';
export function kindOf(v: unknown): Kind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  return t === 'string' || t === 'number' || t === 'boolean' ? t : 'object';
}

export function describeKind(v: unknown): string {
  const k = kindOf(v);
  return k === 'null' ? 'JSON null' : k === 'array' ? 'a JSON array' : k === 'object' ? 'a JSON object' : `a JSON ${k}`;
}
