import { Injectable } from '@nestjs/common';
import type { consentDecider } from '@accord/consent-domain';
import { CommandRunner, requestMetadata, type Principal } from '@accord/platform';
import { consentOutcome, type ConsentOutcomeResponse } from '../consent-outcome.response';
import type { WithdrawConsentRequest } from './withdraw-consent.request.dto';

@Injectable()
export class WithdrawConsentHandler {
  constructor(private readonly runner: CommandRunner<typeof consentDecider>) {}

  async handle(
    caseId: string,
    request: WithdrawConsentRequest,
    principal: Principal,
  ): Promise<ConsentOutcomeResponse> {
    const { personId, purpose, agency, method, reason } = request;
    const result = await this.runner.run({
      type: 'WithdrawConsent',
      data: {
        caseId,
        personId,
        purpose,
        ...(agency ? { agency } : {}),
        method,
        ...(reason ? { reason } : {}),
      },
      metadata: requestMetadata(principal, { reason }),
    });
    return consentOutcome(caseId, result.newEvents, result.state);
  }
}
