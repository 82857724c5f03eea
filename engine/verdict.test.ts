import type { CaseKind, Exchange } from '../checks/types';
import { Tally } from './verdict';

const ex = (kind: CaseKind, status: number): Exchange => ({
  caseId: 'c',
  kind,
  request: { method: 'POST', url: 'http://t/x', headers: {} },
  response: { status, headers: {}, text: '', durationMs: 1 },
});

function tally(...items: Array<[CaseKind, number]>): Tally {
  const t = new Tally();
  for (const [k, s] of items) t.add(ex(k, s));
  return t;
}

test('a run with one successful valid create can judge', () => {
  expect(tally(['valid', 404], ['valid', 201]).inconclusive('http://h', false)).toBeUndefined();
});

test('a run that sent no valid create is not called inconclusive here (nothing was planned)', () => {
  expect(tally(['auth-missing', 401]).inconclusive('http://h', true)).toBeUndefined();
});

test('every valid create 404: the service root, with /beta suggested', () => {
  const e = tally(['valid', 404], ['valid', 404], ['invalid', 404], ['auth-missing', 401]).inconclusive(
    'http://h:1',
    true,
  );
  expect(e?.code).toBe('inconclusive');
  expect(e?.message).toMatch(/none of the 2 valid creates succeeded \(answers: 404 x2\)/);
  expect(e?.hint).toContain('http://h:1/beta');
  expect(tally(['valid', 404]).inconclusive('http://h:1/beta', true)?.hint).not.toContain('/beta/beta');
});

test('401/403: a token is needed, or the one given was refused', () => {
  expect(tally(['valid', 401]).inconclusive('http://h', false)?.hint).toMatch(/--token or set GRAPH_TOKEN/);
  expect(tally(['valid', 403]).inconclusive('http://h', true)?.hint).toMatch(/token was not accepted/);
});

test('no answers, and every valid body refused, get their own hints', () => {
  expect(tally(['valid', 0]).inconclusive('http://h', false)?.hint).toMatch(/got an answer/);
  expect(tally(['valid', 400], ['valid', 422]).inconclusive('http://h', false)?.hint).toMatch(
    /refused every valid body/,
  );
});
