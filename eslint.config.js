// Type-aware lint: the rule that matters most here is no-floating-promises (a dropped promise hides a failed request).
const tseslint = require('typescript-eslint');

// Import boundaries: the "may import" column of ARCHITECTURE.md's table of folders, held by no-restricted-imports.
// Folders not listed here (cli/, test/, bench/, scripts/) may import everything.
// `may`: top-level folders, or single modules/subfolders of one ('checks/types'), a folder may import.
// `types`: modules it may import with `import type` only. `tests`: what its `*.test.ts` files may import besides.
const BOUNDARIES = {
  specs: { may: [], says: 'nothing else of ours' },
  generators: { may: ['specs'], says: 'only specs/' },
  checks: { may: ['specs'], says: 'only specs/' },
  engine: { may: ['specs', 'generators', 'checks'], says: 'only specs/, generators/ and checks/' },
  reports: { may: [], types: ['engine/events'], says: "only engine's event types (`import type` from engine/events)" },
  targets: {
    may: ['specs', 'checks/types', 'engine/errors'],
    says: 'only specs/, checks/types and engine/errors',
    // The mutant and variant tests judge a fixed corpus sent to each mutant and variant with the real checks (a mutant
    // fails exactly its check ids, a variant fails none outside its warns), so they read checks/registry, and
    // checks/lifecycle for the severity of a lifecycle rule a variant warns on. The targets themselves never do.
    tests: ['checks/registry', 'checks/lifecycle'],
  },
  contracts: {
    // The table said "checks (profiles, severities)": pact check (check-rules.ts) and readings.ts also reuse single
    // checks (echo-fields, odata-type, rejects-invalid, status-201, last-modified, location-header) on purpose, so that
    // a pact is judged by the same code as a run. Allowed: contracts/ may import all of checks/.
    may: ['specs', 'generators', 'checks', 'engine', 'reports/text', 'reports/failure-text'],
    says: 'only specs/, generators/, checks/, engine/ and reports/ text and failure formatting (reports/text, reports/failure-text)',
    // report.test.ts parses the junit.xml it writes with the reporters' shared test helpers.
    tests: ['reports/test-support'],
  },
  suites: { may: ['engine', 'checks', 'targets'], says: 'only engine/, checks/ and targets/' },
  examples: { may: ['contracts/kit'], says: 'only contracts/kit (the published consumer kit)' },
};
const TOP_LEVEL = [...Object.keys(BOUNDARIES), 'cli', 'test', 'bench', 'scripts', 'bin'];
// Files sit at most this many folders below their top-level folder (scripts/import-boundaries.test.ts checks it).
const MAX_DEPTH = 8;

// A regex for what a path (after the ../ that climb to the repository root) may not reach: a forbidden folder, or a
// partly allowed one outside its allowed modules ('checks/types' allows '../checks/types' and '../checks/types/x').
function forbiddenTail(folder, allowed) {
  const alternatives = [];
  for (const top of TOP_LEVEL) {
    if (top === folder || allowed.includes(top)) continue;
    const parts = allowed.filter((a) => a.startsWith(`${top}/`)).map((a) => a.slice(top.length + 1));
    alternatives.push(parts.length ? `${top}(?:/(?!(?:${parts.join('|')})(?:/|$))|$)` : `${top}(?:/|$)`);
  }
  return `(?:${alternatives.join('|')})`;
}

// One block per folder and depth: a file d folders below the root reaches another top-level folder with exactly
// d '../', so '../engine' is caught in specs/x.ts and '../../engine' in specs/derive/x.ts, while specs/derive/x.ts
// may still import '../examples/...' (specs/examples, not the top-level examples/).
function boundaryBlocks(folder, { may, types = [], says, tests = [] }) {
  const blocks = [];
  for (const isTest of [false, true]) {
    if (isTest && tests.length === 0) continue;
    const allowed = isTest ? [...may, ...tests] : may;
    const message = isTest
      ? `${folder}/ may import ${says}; its tests also ${tests.join(', ')}: see ARCHITECTURE.md ("may import") and eslint.config.js.`
      : `${folder}/ may import ${says}: see ARCHITECTURE.md ("may import").`;
    for (let depth = 1; depth <= MAX_DEPTH; depth++) {
      const up = `^(?:\\./)?(?:\\.\\./){${depth}}`;
      const patterns = [{ regex: `${up}${forbiddenTail(folder, [...allowed, ...types])}`, message }];
      if (types.length) {
        patterns.push({
          regex: `${up}(?:${types.join('|')})$`,
          allowTypeImports: true,
          message: `${folder}/ may import ${types.join(', ')} as types only (\`import type\`): see ARCHITECTURE.md ("may import").`,
        });
      }
      const file = `${folder}/${'*/'.repeat(depth - 1)}*${isTest ? '.test' : ''}.ts`;
      blocks.push({ files: [file], rules: { 'no-restricted-imports': ['error', { patterns }] } });
    }
  }
  return blocks;
}

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'reports/out/**', 'coverage/**', 'tmp/**', '**/*.js'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  // Functions stay small enough to read in one screen (issue 15): tests (long describe blocks) and generated files aside.
  {
    files: ['**/*.ts'],
    ignores: ['**/*.test.ts', 'test/**', 'specs/generated/**'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },
  ...Object.entries(BOUNDARIES).flatMap(([folder, rule]) => boundaryBlocks(folder, rule)),
);
