import { fastCheckMismatch, TOOL } from './tool';

test('TOOL records the installed fast-check version, read without loading fast-check', () => {
  const installed = (require('fast-check') as { __version: string }).__version;
  expect(TOOL.fastCheck).toBe(installed);
});

test('a case made by another fast-check version gets a warning; the same version or an unrecorded one none', () => {
  expect(fastCheckMismatch('0.0.1', 'case x.json')).toMatch(
    new RegExp(`case x.json was generated with fast-check 0.0.1; this suite runs fast-check ${TOOL.fastCheck}`),
  );
  expect(fastCheckMismatch(TOOL.fastCheck, 'case x.json')).toBeUndefined();
  expect(fastCheckMismatch(undefined, 'case x.json')).toBeUndefined();
});
