/**
 * Command lines of the bench scripts: `--help` prints the usage (the doc comment at the top of the script), and an
 * option the script does not know, a missing value or a value that is not a number ends the script with exit 2, one
 * line saying what was wrong and a hint, before anything starts.
 */
import { readFileSync } from 'node:fs';

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

/** Parses argv against the spec; throws BenchArgError on anything it does not know. */
export function parseArgs(argv: string[], spec: ArgSpec): BenchArgs {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const known = [...(spec.flags ?? []), ...Object.keys(spec.options ?? {})].map((n) => `--${n}`).join(', ');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name === undefined) throw new BenchArgError(`unexpected argument "${arg}"`);
    if (name === 'help' || spec.flags?.includes(name)) {
      flags.add(name);
      continue;
    }
    const kind = spec.options?.[name];
    if (!kind) throw new BenchArgError(`unknown option ${arg} (known: --help, ${known})`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new BenchArgError(`${arg} needs a value`);
    if (kind === 'number' && !(Number.isFinite(Number(value)) && Number(value) > 0))
      throw new BenchArgError(`${arg} ${value}: not a positive number`);
    values.set(name, value);
    i++;
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
