import { Injectable } from '@nestjs/common';
import type { consentDecider } from '@accord/consent-domain';
import { CommandRunner, requestMetadata, type Principal } from '@accord/platform';
import { consentOutcome, type ConsentOutcomeResponse } from '../consent-outcome.response';
import type { RecordConsentRequest } from './record-consent.request.dto';

@Injectable()
export class RecordConsentHandler {
  constructor(private readonly runner: CommandRunner<typeof consentDecider>) {}

  async handle(
    caseId: string,
    request: RecordConsentRequest,
    principal: Principal,
  ): Promise<ConsentOutcomeResponse> {
    const { personId, purpose, decision, method, sharing } = request;
    const result = await this.runner.run({
      type: 'RecordConsent',
      data: {
        caseId,
        personId,
        purpose,
        decision,
        method,
        ...(sharing ? { sharing: { agency: sharing.agency, information: [...sharing.information] } } : {}),
      },
      metadata: requestMetadata(principal),
    });
    return consentOutcome(caseId, result.newEvents, result.state);
  }
}
