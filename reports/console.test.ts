import type { RunEvent } from '../engine/events';
import { consoleReporter } from './console';

/** A case event of the create phase (kind 'valid') or of the stateful phase (kind 'sequence'). */
function caseEvent(kind: 'valid' | 'sequence', done: number, total: number, failed: string[] = []): RunEvent {
  return {
    type: 'case',
    at: '2026-12-08T00:00:00.000Z',
    caseId: `${kind === 'sequence' ? 's' : 'c'}${done}`,
    kind,
    path: String(done),
    status: 201,
    durationMs: 1,
    failed,
    judged: [],
    done,
    total,
  } as RunEvent;
}

function drive(tty: boolean): string {
  let out = '';
  const reporter = consoleReporter({ write: (t) => (out += t), tty });
  for (let i = 1; i <= 8; i++) void reporter.onEvent?.(caseEvent('valid', i, 8));
  for (let i = 1; i <= 20; i++)
    void reporter.onEvent?.(caseEvent('sequence', i, 20, i === 7 ? ['lifecycle-list'] : []));
  return out;
}

describe('console progress', () => {
  test('without a TTY: the cases by quarters, then the sequences by tenths, each phase counted from its start', () => {
    const lines = drive(false).trim().split('\n');
    expect(lines).toEqual([
      '2/8 cases sent, 0 check(s) failing so far',
      '4/8 cases sent, 0 check(s) failing so far',
      '6/8 cases sent, 0 check(s) failing so far',
      '8/8 cases sent, 0 check(s) failing so far',
      '2/20 sequences, 0 rules or checks failing so far',
      '4/20 sequences, 0 rules or checks failing so far',
      '6/20 sequences, 0 rules or checks failing so far',
      '8/20 sequences, 1 rule or check failing so far',
      '10/20 sequences, 1 rule or check failing so far',
      '12/20 sequences, 1 rule or check failing so far',
      '14/20 sequences, 1 rule or check failing so far',
      '16/20 sequences, 1 rule or check failing so far',
      '18/20 sequences, 1 rule or check failing so far',
      '20/20 sequences, 1 rule or check failing so far',
    ]);
  });

  test('with a TTY: the bar says cases, then on a line of its own sequences', () => {
    const out = drive(true);
    expect(out).toContain('] 8/8 cases, 0 check(s) failing ');
    expect(out).toContain('\n\r[');
    expect(out).toContain('] 20/20 sequences, 1 check(s) failing ');
    expect(out).not.toMatch(/\d+\/20 cases/);
  });
});
