/**
 * Ctrl-C and SIGTERM during a run: the first asks the run to stop (what is in flight finishes, what the run created is
 * deleted, the reports are written, the verdict is inconclusive); a second exits at once, saying how to remove what
 * may be left.
 */
import type { Io } from '../program';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Exit code of a run left by a second signal (128 + SIGINT's number, as shells report it). */
export const SECOND_SIGNAL_EXIT = 130;

/** Calls `stop` on the first signal and exits on the second, until the returned function is called. */
export function stopOnSignals(io: Io, stop: (signal: string) => void, reportDir: string): () => void {
  let seen = 0;
  const on = (signal: NodeJS.Signals): void => {
    seen++;
    if (seen === 1) {
      io.err(
        `${signal}: stopping; the requests in flight finish, then what the run created is deleted (at most a minute) and the reports are written. Press Ctrl-C again to exit at once.`,
      );
      stop(signal);
      return;
    }
    io.err(
      `${signal} again: exiting now. What the run created may be left on the target: \`conformance cleanup ${reportDir} --target <url>\` deletes it.`,
    );
    process.exit(SECOND_SIGNAL_EXIT);
  };
  for (const s of SIGNALS) process.on(s, on);
  return () => {
    for (const s of SIGNALS) process.off(s, on);
  };
}
