import { isSuccess, type Exchange } from '../checks/types';
import type { SuiteErrorRecord } from './events';

/**
 * Counts what the target answered, to tell a run that judged the target from one that could not: when no valid
 * create succeeded, the body checks had nothing to judge and the rejection checks judged answers (404, 401) that say
 * nothing about the bodies. Such a run is inconclusive (exit 2), with a hint at the likely cause.
 */
export class Tally {
  /** Valid creates sent, and how many got a 2xx. */
  validSent = 0;
  validCreated = 0;
  /** Final statuses of the valid creates, by status (the auth and invalid cases are meant to be refused). */
  readonly statuses = new Map<number, number>();

  /** A create's answer: a case's exchange, or a stateful sequence's create (kind 'valid'). */
  add(ex: Pick<Exchange, 'kind' | 'response'>): void {
    if (ex.kind !== 'valid') return;
    this.statuses.set(ex.response.status, (this.statuses.get(ex.response.status) ?? 0) + 1);
    this.validSent++;
    if (isSuccess(ex.response.status)) this.validCreated++;
  }

  private only(...codes: number[]): boolean {
    let n = 0;
    for (const [status, count] of this.statuses) {
      if (!codes.includes(status)) return false;
      n += count;
    }
    return n > 0;
  }

  /**
   * Why the run cannot judge the target, with a hint; undefined when it can. `root` is the service root the run used,
   * `token` whether one was configured.
   */
  inconclusive(root: string, token: boolean): SuiteErrorRecord | undefined {
    if (this.validSent === 0 || this.validCreated > 0) return undefined;
    const seen = [...this.statuses.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([s, n]) => `${s === 0 ? 'no answer' : s} x${n}`)
      .join(', ');
    const message = `inconclusive: none of the ${this.validSent} valid creates succeeded (answers: ${seen}), so the checks had nothing to judge`;
    let hint: string;
    if (this.only(404, 405)) {
      const beta = /\/(beta|v1\.0)$/.test(root) ? '' : ` (try ${root.replace(/\/$/, '')}/beta)`;
      hint = `every valid create got ${this.only(404) ? '404' : '404/405'}: --target is probably not the service root${beta}; the suite appends /officeConfiguration/clientConfigurations to it`;
    } else if (this.only(401, 403)) {
      hint = token
        ? 'every valid create was refused (401/403): the token was not accepted; check that it is current and has the DeviceManagementConfiguration.ReadWrite.All permission'
        : 'every valid create was refused (401/403): the target wants a token; give --token or set GRAPH_TOKEN';
    } else if (this.only(0)) {
      hint = 'no valid create got an answer: check that the target is up, and --timeout';
    } else if (this.only(429, 503)) {
      hint = 'the target throttled every valid create: lower --rate-limit or --concurrency, or wait and run again';
    } else {
      hint =
        'the target refused every valid body (see status-201): if it rejects what the docs allow, that is the fault; if it only limits sizes or types, see --max-fraction-digits, --no-long-strings, --no-streams and --types';
    }
    return { code: 'inconclusive', message, hint };
  }
}
