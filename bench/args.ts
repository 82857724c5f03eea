/**
 * Command lines of the bench scripts: `--help` prints the usage (the doc comment at the top of the script), and an
 * option the script does not know, a missing value or a value that is not a number ends the script with exit 2, one
 * line saying what was wrong and a hint, before anything starts.
 */
import { readFileSync } from 'node:fs';
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util';

export interface ArgSpec {
  /** Options without a value, e.g. quick for --quick. */
  flags?: string[];
  /** Options that take a value, with the kind of value. */
  options?: Record<string, 'number' | 'string'>;
}

export interface BenchArgs {
  flag(name: string): boolean;
  string(name: string): string | undefined;
  number(name: string): number | undefined;
}

export class BenchArgError extends Error {}

/** The usage of a script: its first doc comment, without the comment markers. */
export function usageOf(file: string): string {
  const doc = /\/\*\*([\s\S]*?)\*\//.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
  return doc.replace(/^ \* ?/gm, '').trim();
}

/**
 * Parses argv against the spec with `util.parseArgs` (its tokens, so each refusal says what was wrong in our words);
 * throws BenchArgError on anything it does not know. `--name=value` works as `--name value` does.
 */
export function parseArgs(argv: string[], spec: ArgSpec): BenchArgs {
  const flagNames = ['help', ...(spec.flags ?? [])];
  const kinds = spec.options ?? {};
  const known = [...(spec.flags ?? []), ...Object.keys(kinds)].map((n) => `--${n}`).join(', ');
  const options: ParseArgsConfig['options'] = {};
  for (const n of flagNames) options[n] = { type: 'boolean' };
  for (const n of Object.keys(kinds)) options[n] = { type: 'string' };
  const { tokens } = nodeParseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (const token of tokens) {
    if (token.kind === 'positional') throw new BenchArgError(`unexpected argument "${token.value}"`);
    if (token.kind === 'option-terminator') throw new BenchArgError('unexpected argument "--"');
    const { name, rawName, value, inlineValue } = token;
    // Short options (-q) are none of ours.
    if (!rawName.startsWith('--')) throw new BenchArgError(`unexpected argument "${rawName}"`);
    if (flagNames.includes(name)) {
      if (value !== undefined) throw new BenchArgError(`${rawName} takes no value`);
      flags.add(name);
      continue;
    }
    const kind = Object.hasOwn(kinds, name) ? kinds[name] : undefined;
    if (!kind) throw new BenchArgError(`unknown option ${rawName} (known: --help, ${known})`);
    if (value === undefined || (!inlineValue && value.startsWith('--')))
      throw new BenchArgError(`${rawName} needs a value`);
    if (kind === 'number' && !(Number.isFinite(Number(value)) && Number(value) > 0))
      throw new BenchArgError(`${rawName} ${value}: not a positive number`);
    values.set(name, value);
  }
  return {
    flag: (n) => flags.has(n),
    string: (n) => values.get(n),
    number: (n) => (values.has(n) ? Number(values.get(n)) : undefined),
  };
}

/**
 * The command line of a bench script: prints the usage and exits 0 on --help; exits 2 with the reason and a hint on
 * a command line it does not understand.
 */
export function benchArgs(file: string, spec: ArgSpec, argv = process.argv.slice(2)): BenchArgs {
  let args: BenchArgs;
  try {
    args = parseArgs(argv, spec);
  } catch (e) {
    if (!(e instanceof BenchArgError)) throw e;
    process.stderr.write(`error: ${e.message}\nhint: --help lists the options\n`);
    process.exit(2);
  }
  if (args.flag('help')) {
    process.stdout.write(usageOf(file) + '\n');
    process.exit(0);
  }
  return args;
}
