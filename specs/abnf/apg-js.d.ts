/**
 * The few parts of apg-js (an ABNF parser generator, plain CommonJS without types) that specs/abnf/oracle.ts uses:
 * `apgApi` compiles SABNF text into a grammar object at run time, `apgLib.parser` parses an input with one rule.
 */
declare module 'apg-js' {
  interface ApgError {
    line: number;
    char: number;
    msg: string;
  }

  interface ApgRule {
    name: string;
    lower: string;
    index: number;
  }

  interface ApgGrammar {
    rules: ApgRule[];
  }

  interface ApgResult {
    /** True when the rule matched the whole input. */
    success: boolean;
    /** Characters the rule matched (a prefix of the input when `success` is false). */
    matched: number;
    /** The furthest character any rule reached: where a failing parse stopped. */
    maxMatched: number;
    length: number;
  }

  class ApgApi {
    constructor(source: string);
    errors: ApgError[];
    /** Scans, parses and translates the grammar and computes rule attributes; `strict` means RFC 5234/7405 only. */
    generate(strict?: boolean): void;
    toObject(): ApgGrammar;
    errorsToAscii(): string;
  }

  class ApgParser {
    parse(grammar: ApgGrammar, startRule: string | number, input: string): ApgResult;
  }

  export const apgApi: typeof ApgApi;
  export const apgLib: { parser: typeof ApgParser };
}
