import MarkdownIt from 'markdown-it';

type Token = MarkdownIt.Token;

/** A GitHub-flavoured table: header cells and body rows, cell text with Markdown links reduced to their text. */
export interface Table {
  header: string[];
  rows: Array<{ cells: string[]; links: Array<string | undefined> }>;
}

/** A fenced code block with the HTML comment (Graph docs annotation) that came right before it, if any. */
export interface CodeBlock {
  lang: string;
  content: string;
  annotation?: Record<string, unknown>;
}

export interface Section {
  heading: string;
  level: number;
  paragraphs: string[];
  tables: Table[];
  code: CodeBlock[];
}

export interface Page {
  file: string;
  frontMatter: Record<string, string>;
  title: string;
  sections: Section[];
}

/** Raised for a page the derivation cannot read; the message names the file and what was missing. */
export class PageError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'PageError';
  }
}

const md = new MarkdownIt({ html: true });

function splitFrontMatter(text: string): { meta: Record<string, string>; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (!match) return { meta: {}, body: text };
  const meta: Record<string, string> = {};
  for (const line of (match[1] ?? '').split(/\r?\n/)) {
    const kv = /^([\w.]+):\s*"?(.*?)"?\s*$/.exec(line);
    if (kv?.[1]) meta[kv[1]] = kv[2] ?? '';
  }
  return { meta, body: text.slice(match[0].length) };
}

function inlineText(token: Token | undefined): { text: string; link?: string } {
  if (!token?.children) return { text: token?.content ?? '' };
  let text = '';
  let link: string | undefined;
  for (const child of token.children) {
    if (child.type === 'link_open' && link === undefined) link = String(child.attrGet('href') ?? '') || undefined;
    if (child.type === 'text' || child.type === 'code_inline') text += child.content;
    if (child.type === 'softbreak') text += ' ';
  }
  return link === undefined ? { text: text.trim() } : { text: text.trim(), link };
}

function parseAnnotation(html: string): Record<string, unknown> | undefined {
  const inner = /<!--([\s\S]*?)-->/.exec(html)?.[1];
  if (!inner) return undefined;
  try {
    const value: unknown = JSON.parse(inner);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function readTable(tokens: Token[], start: number): { table: Table; end: number } {
  const table: Table = { header: [], rows: [] };
  let i = start + 1;
  let inHead = false;
  let row: { cells: string[]; links: Array<string | undefined> } | undefined;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) break;
    if (t.type === 'table_close') break;
    if (t.type === 'thead_open') inHead = true;
    if (t.type === 'thead_close') inHead = false;
    if (t.type === 'tr_open') row = { cells: [], links: [] };
    if ((t.type === 'th_open' || t.type === 'td_open') && row) {
      const cell = inlineText(tokens[i + 1]);
      row.cells.push(cell.text);
      row.links.push(cell.link);
    }
    if (t.type === 'tr_close' && row) {
      if (inHead) table.header = row.cells;
      else table.rows.push(row);
      row = undefined;
    }
  }
  return { table, end: i };
}

/** Reads one docs page into headed sections of paragraphs, tables and code blocks. */
export function parsePage(file: string, text: string): Page {
  const { meta, body } = splitFrontMatter(text);
  const tokens = md.parse(body, {});
  const sections: Section[] = [];
  let current: Section = { heading: '', level: 0, paragraphs: [], tables: [], code: [] };
  sections.push(current);
  let title = '';
  let pendingAnnotation: Record<string, unknown> | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) continue;
    if (t.type === 'heading_open') {
      const heading = inlineText(tokens[i + 1]).text;
      const level = Number(t.tag.slice(1));
      if (level === 1 && !title) title = heading;
      current = { heading, level, paragraphs: [], tables: [], code: [] };
      sections.push(current);
      pendingAnnotation = undefined;
      i += 2;
    } else if (t.type === 'html_block') {
      pendingAnnotation = parseAnnotation(t.content) ?? pendingAnnotation;
    } else if (t.type === 'fence') {
      const block: CodeBlock = { lang: t.info.trim().toLowerCase(), content: t.content };
      if (pendingAnnotation) block.annotation = pendingAnnotation;
      current.code.push(block);
      pendingAnnotation = undefined;
    } else if (t.type === 'paragraph_open') {
      current.paragraphs.push(inlineText(tokens[i + 1]).text);
      i += 2;
    } else if (t.type === 'table_open') {
      const { table, end } = readTable(tokens, i);
      current.tables.push(table);
      i = end;
    }
  }
  if (!title) throw new PageError(file, 'no level-1 heading (# Title) found');
  return { file, frontMatter: meta, title, sections };
}

/** The first section whose heading matches, searching case-insensitively. */
export function findSection(page: Page, heading: RegExp): Section | undefined {
  return page.sections.find((s) => heading.test(s.heading));
}
