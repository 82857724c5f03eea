import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SuiteError } from '../engine/errors';
import { CONFIG_KEYS, CONFIG_SCHEMA } from './config-schema';
import { configProblems, readConfig } from './options';

describe('the config file schema', () => {
  test('a config of every kind of value passes', () => {
    expect(
      configProblems({
        target: 'http://127.0.0.1:8080/beta',
        headers: { ConsistencyLevel: 'eventual' },
        secretHeaders: ['x-tenant'],
        runs: 200,
        seed: '42',
        checks: ['status-201'],
        excludeChecks: 'unknown-property',
        profile: 'odata-strict',
        shrink: false,
        junitWarnings: 'fail',
        types: 'any',
      }),
    ).toEqual([]);
  });

  test('every problem is reported at once, as data with a JSON pointer', () => {
    const problems = configProblems({ runs: 1.5, profile: 'strictest', headers: { a: 1 }, insecure: 'yes' });
    const pointers = problems.map((p) => p.pointer).sort();
    expect(pointers).toEqual(expect.arrayContaining(['/headers/a', '/insecure', '/profile', '/runs']));
    expect(configProblems({ colour: 'blue' })).toEqual([
      expect.objectContaining({ pointer: '', unknownKey: 'colour' }),
    ]);
  });

  test('readConfig names the file, every problem, and keeps the unknown-key and token errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    try {
      const file = join(dir, 'c.json');
      const read = (data: unknown): SuiteError => {
        writeFileSync(file, JSON.stringify(data));
        try {
          readConfig(file);
        } catch (e) {
          return e as SuiteError;
        }
        throw new Error('no error');
      };
      const bad = read({ runs: 1.5, profile: 'x' });
      expect(bad.code).toBe('config-invalid');
      expect(bad.message).toMatch(/\/runs .*; \/profile|\/profile .*; \/runs/);
      expect(read({ nope: 1 }).code).toBe('config-unknown-key');
      expect(read({ token: 'abc' }).code).toBe('config-secret');
      writeFileSync(file, JSON.stringify({ runs: 5 }));
      expect(readConfig(file)).toEqual({ runs: 5 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("every key's flag is in the README's option table", () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const missing = CONFIG_KEYS.filter((k) => {
      const flag = /(-{1,2}[a-zA-Z][\w-]*)/.exec(CONFIG_SCHEMA.properties[k].description)?.[1] ?? `--${k}`;
      return !readme.includes(`\`${flag}`);
    });
    expect(missing).toEqual([]);
  });
});
