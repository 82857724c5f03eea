import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint, type Linter } from 'eslint';

// The import table of ARCHITECTURE.md ("may import") is held by no-restricted-imports in eslint.config.js.
// These tests lint snippets as if they sat in a folder; type-aware parsing is switched off (no file on disk, and fast).
// The config is required here and handed over: ESLint loads a config file with import(), which jest's VM refuses.
const ROOT = join(__dirname, '..');
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfigFile: true,
  baseConfig: require('../eslint.config.js') as Linter.Config[],
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-misused-promises': 'off',
      '@typescript-eslint/await-thenable': 'off',
    },
  },
});

async function restricted(filePath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result?.messages ?? [];
  const others = messages.filter((m) => m.ruleId !== 'no-restricted-imports');
  expect(others).toEqual([]);
  return messages;
}

const forbidden: [string, string][] = [
  ['specs/x.ts', "import '../engine/run';"],
  ['specs/x.ts', "import { x } from '../generators';"],
  ['specs/x.ts', "export * from '../checks/types';"],
  ['specs/derive/x.ts', "import '../../engine/run';"],
  ['generators/x.ts', "import '../engine/run';"],
  ['generators/x.test.ts', "import '../checks/registry';"],
  ['checks/x.ts', "import type { RunEvent } from '../engine/events';"],
  ['checks/x.ts', "import '../targets/reference';"],
  ['engine/x.ts', "import '../reports/console';"],
  ['engine/x.ts', "import '../targets';"],
  ['reports/x.ts', "import '../engine/run';"],
  ['reports/x.ts', "import { type Failure, TALLY } from '../engine/events';"],
  ['reports/x.ts', "import type { Profile } from '../checks/types';"],
  ['reports/test-support/x.ts', "import '../../engine/transport';"],
  ['targets/x.ts', "import '../checks/registry';"],
  ['targets/x.ts', "import '../checks';"],
  ['targets/x.ts', "import '../engine/run';"],
  ['targets/mutants/x.ts', "import { BUILTIN_CHECKS } from '../../checks/registry';"],
  ['targets/reference/x.test.ts', "import '../../engine/run';"],
  ['contracts/x.ts', "import '../reports/html';"],
  ['contracts/x.ts', "import '../targets/reference';"],
  ['contracts/x.ts', "import '../reports/test-support/xml';"],
  ['suites/x.ts', "import { randomSeed } from '../cli/options';"],
  ['examples/graph-admin-client/x.ts', "import '../../contracts/verify';"],
];

const allowed: [string, string][] = [
  ['specs/x.ts', "import { compileSpecs } from './loader';"],
  ['specs/derive/x.ts', "import '../examples/create.json';"], // specs/examples, not the top-level examples/
  ['specs/x.ts', "import { z } from 'engine';"], // a package, not our folder
  ['generators/x.ts', "import '../specs/loader';"],
  ['checks/x.ts', "import '../specs/walker';"],
  ['engine/x.ts', "import '../specs/loader'; import '../generators'; import '../checks/registry';"],
  ['reports/x.ts', "import type { RunEvent } from '../engine/events';"],
  ['reports/test-support/x.ts', "import type { Failure } from '../../engine/events';"],
  ['reports/x.ts', "import { text } from './text';"],
  ['targets/x.ts', "import '../specs/walker'; import '../checks/types'; import '../engine/errors';"],
  ['targets/mutants/x.ts', "export { CHECK_IDS } from '../../checks/types';"],
  ['targets/mutants/x.test.ts', "import { BUILTIN_CHECKS } from '../../checks/registry';"],
  ['contracts/x.ts', "import '../checks/status-201'; import '../engine/run'; import '../reports/text';"],
  ['contracts/x.ts', "import '../reports/failure-text'; import '../generators'; import '../specs/loader';"],
  ['contracts/x.test.ts', "import '../reports/test-support/xml';"],
  ['suites/x.ts', "import '../engine/run'; import '../checks/types'; import '../targets/reference';"],
  ['examples/graph-admin-client/x.ts', "import '../../contracts/kit';"],
  ['cli/commands/x.ts', "import '../../suites/matrix'; import '../../contracts/generate';"],
  ['test/e2e/x.e2e.ts', "import '../../targets/reference'; import '../../cli/program';"],
  ['scripts/x.ts', "import '../checks/table'; import '../reports/console';"],
];

describe('import boundaries (ARCHITECTURE.md "may import")', () => {
  it.each(forbidden)('%s: %s is an error', async (filePath, code) => {
    const messages = await restricted(filePath, code);
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) {
      expect(m).toMatchObject({ ruleId: 'no-restricted-imports', severity: 2 });
      expect(m.message).toContain('see ARCHITECTURE.md');
    }
  });

  it.each(allowed)('%s: %s is allowed', async (filePath, code) => {
    expect(await restricted(filePath, code)).toEqual([]);
  });

  it('names the folder and what it may import', async () => {
    const [m] = await restricted('reports/x.ts', "import '../engine/run';");
    expect(m?.message).toContain("reports/ may import only engine's event types");
  });

  it('covers every file of every bounded folder, however deep', async () => {
    const bounded = [
      'specs',
      'generators',
      'checks',
      'engine',
      'reports',
      'targets',
      'contracts',
      'suites',
      'examples',
    ];
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory() && e.name !== 'node_modules') walk(path);
        else if (e.isFile() && e.name.endsWith('.ts')) files.push(path);
      }
    };
    for (const folder of bounded) walk(join(ROOT, folder));
    expect(files.length).toBeGreaterThan(100);
    const missing: string[] = [];
    for (const file of files) {
      if (await eslint.isPathIgnored(file)) continue;
      const config = (await eslint.calculateConfigForFile(file)) as Linter.Config | undefined;
      if (!config?.rules?.['no-restricted-imports']) missing.push(relative(ROOT, file));
    }
    expect(missing).toEqual([]);
  });
});

describe('function length (max-lines-per-function, eslint.config.js)', () => {
  const body = (lines: number): string =>
    `export function long(): number {\n  let n = 0;\n${'  n += 1;\n'.repeat(lines)}  return n;\n}\n`;
  const lengthMessages = async (filePath: string, code: string): Promise<Linter.LintMessage[]> => {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'max-lines-per-function');
  };

  test('a function over 80 lines outside tests fails the lint', async () => {
    expect(await lengthMessages('engine/x.ts', body(90))).toHaveLength(1);
    expect(await lengthMessages('engine/x.ts', body(60))).toHaveLength(0);
  });

  test('tests and generated files are left out', async () => {
    expect(await lengthMessages('engine/x.test.ts', body(90))).toHaveLength(0);
    expect(await lengthMessages('specs/generated/x.ts', body(90))).toHaveLength(0);
  });
});
