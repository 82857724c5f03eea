import { Option } from 'commander';

// Options declared alike by more than one command: the same flag, help text and default wherever they appear.

/** Collects the values of a repeatable option in the order given. */
export const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** --timeout of the commands that send the requests themselves (run, replay, verify): 1 to 600000 ms. */
export function timeoutOption(): Option {
  return new Option('--timeout <ms>', 'per-request timeout in ms (default 10000)');
}

/**
 * The one-line warning for a secret given as a flag: a process's arguments are readable by every user of the machine
 * (`ps`, /proc/PID/cmdline) and land in shell history; the environment variable is not. Printed once per command.
 */
export function secretFlagWarning(flag: string, envName: string): string {
  return `warning: ${flag} puts the secret in this process's arguments, where \`ps\` shows it to other users of the machine; set ${envName} instead`;
}

/** The help of --junit-warnings (run and report merge; run also reads it from the config file, so checks it later). */
export const JUNIT_WARNINGS_HELP =
  'failed warning-level checks in junit.xml: "pass" (a passed case with the failure in system-out) or "fail" (default: pass, or $CONFORMANCE_JUNIT_WARNINGS)';
