// The jest gate for implementers: `npm run conformance:jest` (see suites/conformance.suite.ts).
const base = require('../jest.config.js').projects[0];

module.exports = {
  rootDir: '..',
  transform: base.transform,
  transformIgnorePatterns: base.transformIgnorePatterns,
  testEnvironment: 'node',
  roots: ['<rootDir>/suites'],
  testMatch: ['**/*.suite.ts'],
  // The engine runs once here, before the test file declares one test per check from its results.
  globalSetup: '<rootDir>/suites/global-setup.ts',
  // ...and the folder it left results.json in is removed when the tests end.
  globalTeardown: '<rootDir>/suites/global-teardown.ts',
};
