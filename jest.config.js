const { existsSync } = require('node:fs');
const { join } = require('node:path');

// Two projects: fast unit tests that sit beside the code, and end-to-end suites (test/e2e) that start servers.
const transform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
  ],
};
// Pact 16 pulls in a few ESM-only packages that must be transformed too.
const transformIgnorePatterns = ['/node_modules/(?!(https-proxy-agent|agent-base|proxy-agent-negotiate)/)'];
const common = {
  transform,
  transformIgnorePatterns,
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/jest-env.js'],
};

module.exports = {
  // One worker per core (jest's default leaves one core idle): the e2e suites mostly wait on servers and children.
  // With two workers `npm test` takes about half the time on a 2-core machine, and still passes beside a CPU hog.
  maxWorkers: '100%',
  // Many tests start servers and processes: on a busy machine jest's 5 s default fails tests that are merely slow.
  // (A global option: jest ignores it inside a project.) Files that need longer set their own.
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      // Only folders that exist: jest refuses a missing root.
      roots: [
        'specs',
        'generators',
        'checks',
        'engine',
        'contracts',
        'reports',
        'targets',
        'cli',
        'bench',
        'scripts',
        'test/support',
      ]
        .filter((d) => existsSync(join(__dirname, d)))
        .map((d) => `<rootDir>/${d}`),
      testMatch: ['**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['**/*.e2e.ts'],
    },
  ],
};
