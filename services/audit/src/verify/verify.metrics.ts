import type { Counter } from 'prom-client';
import type { Metrics } from '@accord/platform';

export type VerifyScope = 'case' | 'log';

/**
 * `accord_audit_verifications_total{scope,result}`: every verification audit ran, intact or broken.
 * Each series starts at 0, so the first broken result is an increase an alert sees.
 */
export class VerifyMetrics {
  private readonly verifications: Counter<'scope' | 'result'>;

  constructor(metrics: Metrics) {
    this.verifications = metrics.counter(
      'accord_audit_verifications_total',
      'Hash-chain and seal verifications run by audit, by scope (case, log) and result (intact, broken)',
      ['scope', 'result'],
    );
    for (const scope of ['case', 'log'] as const)
      for (const result of ['intact', 'broken'] as const) this.verifications.inc({ scope, result }, 0);
  }

  /** Counts a finished verification and hands its result on. */
  count<T extends { readonly intact: boolean }>(scope: VerifyScope, result: T): T {
    this.verifications.inc({ scope, result: result.intact ? 'intact' : 'broken' });
    return result;
  }
}
