import { BenchArgError, parseArgs, usageOf } from './args';

const spec = { flags: ['quick', 'app'], options: { runs: 'number' as const, keep: 'string' as const } };

describe('bench command lines', () => {
  test('flags, numbers and strings are read; what is absent is undefined', () => {
    const a = parseArgs(['--quick', '--runs', '500', '--keep', '/tmp/x'], spec);
    expect(a.flag('quick')).toBe(true);
    expect(a.flag('app')).toBe(false);
    expect(a.number('runs')).toBe(500);
    expect(a.string('keep')).toBe('/tmp/x');
    expect(parseArgs([], spec).number('runs')).toBeUndefined();
    expect(parseArgs(['--help'], spec).flag('help')).toBe(true);
  });

  test.each([
    [['--rnus', '5'], /unknown option --rnus \(known: --help, --quick, --app, --runs, --keep\)/],
    [['--runs'], /--runs needs a value/],
    [['--runs', '--quick'], /--runs needs a value/],
    [['--runs', 'many'], /--runs many: not a positive number/],
    [['--runs', '0'], /not a positive number/],
    [['quick'], /unexpected argument "quick"/],
  ])('%j is refused', (argv, message) => {
    expect(() => parseArgs(argv, spec)).toThrow(BenchArgError);
    expect(() => parseArgs(argv, spec)).toThrow(message);
  });

  test('--name=value is read as --name value; a flag given a value and a short option are refused', () => {
    const a = parseArgs(['--runs=7', '--keep=/tmp/y'], spec);
    expect(a.number('runs')).toBe(7);
    expect(a.string('keep')).toBe('/tmp/y');
    expect(() => parseArgs(['--quick=yes'], spec)).toThrow(/--quick takes no value/);
    expect(() => parseArgs(['-q'], spec)).toThrow(/unexpected argument "-q"/);
    expect(() => parseArgs(['--', '--quick'], spec)).toThrow(/unexpected argument "--"/);
  });

  test('the usage is the doc comment at the top of the script', () => {
    const usage = usageOf(require.resolve('./run.ts'));
    expect(usage).toMatch(/^`npm run bench`/);
    expect(usage).toContain('--quick');
    expect(usage).not.toMatch(/^\s*\*/m);
  });
});
