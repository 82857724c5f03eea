import { Option } from 'commander';

// Options declared alike by more than one command: the same flag, help text and default wherever they appear.

/** Collects the values of a repeatable option in the order given. */
export const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** --timeout of the commands that send the requests themselves (run, replay, verify): 1 to 600000 ms. */
export function timeoutOption(): Option {
  return new Option('--timeout <ms>', 'per-request timeout in ms (default 10000)');
}

/** The help of --junit-warnings (run and report merge; run also reads it from the config file, so checks it later). */
export const JUNIT_WARNINGS_HELP =
  'failed warning-level checks in junit.xml: "pass" (a passed case with the failure in system-out) or "fail" (default: pass, or $CONFORMANCE_JUNIT_WARNINGS)';
