import { Injectable } from '@nestjs/common';
import type { Principal } from '@accord/platform';
import { ConsentCommandRunner, requestMetadata } from '../consent-command.runner';
import type { WithdrawConsent } from '@accord/consent-domain';
import { consentOutcome, type ConsentOutcomeResponse } from '../consent-outcome.response';
import type { WithdrawConsentRequest } from './withdraw-consent.request.dto';

@Injectable()
export class WithdrawConsentHandler {
  constructor(private readonly runner: ConsentCommandRunner) {}

  async handle(
    caseId: string,
    request: WithdrawConsentRequest,
    principal: Principal,
  ): Promise<ConsentOutcomeResponse> {
    const now = new Date().toISOString();
    const { personId, purpose, agency, method, reason } = request;
    const command: WithdrawConsent = {
      type: 'WithdrawConsent',
      data: {
        caseId,
        personId,
        purpose,
        ...(agency ? { agency } : {}),
        method,
        ...(reason ? { reason } : {}),
        officer: { id: principal.sub, agency: principal.agency },
        now,
      },
    };
    const result = await this.runner.run(caseId, command, {
      metadata: requestMetadata(principal, now, reason),
    });
    return consentOutcome(caseId, result.newEvents, result.state);
  }
}
