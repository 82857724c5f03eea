/**
 * The JSON OData .NET reads (Microsoft.OData.Core Json/JsonReader.cs): RFC 8259 JSON, plus what it accepts on purpose
 * for compatibility: strings in single quotes, with the same escapes (and \' ) ("COMPAT 45"), and member names
 * without quotes made of letters, digits, '_', '$', '.' and '@' ("COMPAT 46"). Everything else JSON refuses is still
 * refused (trailing commas, comments, NaN, a second document...). The reader counts its own nesting and refuses
 * deeper input before recursing, so no text can exhaust the stack.
 */
import { setOwn, type JsonObject } from '../reference/json';

const NAME_CHAR = /[A-Za-z0-9_$.@]/;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

class LenientReader {
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  read(): unknown {
    this.space();
    const value = this.value(0);
    this.space();
    if (this.at < this.text.length) this.fail('unexpected text after the JSON value');
    return value;
  }

  private fail(what: string): never {
    throw new SyntaxError(`${what} at position ${this.at}`);
  }

  private space(): void {
    const t = this.text;
    while (this.at < t.length) {
      const c = t.charCodeAt(this.at);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.at++;
      else break;
    }
  }

  private expect(char: string): void {
    if (this.text[this.at] !== char) this.fail(`expected '${char}'`);
    this.at++;
  }

  private value(depth: number): unknown {
    const c = this.text[this.at];
    if (c === '{') return this.object(depth + 1);
    if (c === '[') return this.array(depth + 1);
    if (c === '"' || c === "'") return this.string(c);
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    }
    return this.fail(c === undefined ? 'unexpected end of the text' : `unexpected character '${c}'`);
  }

  private enter(depth: number): void {
    if (depth > this.maxDepth) this.fail(`the JSON nests deeper than ${this.maxDepth} levels`);
    this.at++;
    this.space();
  }

  private object(depth: number): JsonObject {
    this.enter(depth);
    const out: JsonObject = {};
    if (this.text[this.at] === '}') {
      this.at++;
      return out;
    }
    for (;;) {
      this.space();
      const q = this.text[this.at];
      const key = q === '"' || q === "'" ? this.string(q) : this.name();
      this.space();
      this.expect(':');
      this.space();
      setOwn(out, key, this.value(depth));
      this.space();
      const next = this.text[this.at];
      this.at++;
      if (next === '}') return out;
      if (next !== ',') {
        this.at--;
        this.fail("expected ',' or '}'");
      }
    }
  }

  private array(depth: number): unknown[] {
    this.enter(depth);
    const out: unknown[] = [];
    if (this.text[this.at] === ']') {
      this.at++;
      return out;
    }
    for (;;) {
      this.space();
      out.push(this.value(depth));
      this.space();
      const next = this.text[this.at];
      this.at++;
      if (next === ']') return out;
      if (next !== ',') {
        this.at--;
        this.fail("expected ',' or ']'");
      }
    }
  }

  /** An unquoted member name (COMPAT 46). */
  private name(): string {
    const start = this.at;
    while (this.at < this.text.length && NAME_CHAR.test(this.text[this.at] ?? '')) this.at++;
    if (this.at === start) this.fail('expected a property name');
    return this.text.slice(start, this.at);
  }

  /** A string in double or (COMPAT 45) single quotes. */
  private string(quote: '"' | "'"): string {
    const t = this.text;
    this.at++;
    let out = '';
    let run = this.at;
    for (;;) {
      if (this.at >= t.length) this.fail('unterminated string');
      const c = t.charCodeAt(this.at);
      if (t[this.at] === quote) {
        out += t.slice(run, this.at);
        this.at++;
        return out;
      }
      if (c < 0x20) this.fail('control character in a string');
      if (c !== 0x5c /* \ */) {
        this.at++;
        continue;
      }
      out += t.slice(run, this.at);
      const e = t[this.at + 1];
      if (e === 'u') {
        const hex = t.slice(this.at + 2, this.at + 6);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.fail('bad \\u escape');
        out += String.fromCharCode(parseInt(hex, 16));
        this.at += 6;
      } else if (e !== undefined && Object.prototype.hasOwnProperty.call(ESCAPES, e)) {
        out += ESCAPES[e] ?? '';
        this.at += 2;
      } else if (e === "'" && quote === "'") {
        out += "'";
        this.at += 2;
      } else this.fail('bad escape');
      run = this.at;
    }
  }

  private number(): number {
    NUMBER.lastIndex = this.at;
    const m = NUMBER.exec(this.text);
    if (!m) return this.fail('bad number');
    this.at += m[0].length;
    return Number(m[0]);
  }
}

/** Parses ODL-lenient JSON; throws a SyntaxError (with the position) on anything else. */
export function parseLenientJson(text: string, maxDepth = 64): unknown {
  return new LenientReader(text, maxDepth).read();
}
