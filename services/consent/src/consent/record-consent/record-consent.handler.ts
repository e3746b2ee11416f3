import { Injectable } from '@nestjs/common';
import type { Principal } from '@accord/platform';
import { ConsentCommandRunner, requestMetadata } from '../consent-command.runner';
import type { RecordConsent } from '@accord/consent-domain';
import type { RecordConsentRequest } from './record-consent.request.dto';
import { consentOutcome, type ConsentOutcomeResponse } from '../consent-outcome.response';

@Injectable()
export class RecordConsentHandler {
  constructor(private readonly runner: ConsentCommandRunner) {}

  async handle(
    caseId: string,
    request: RecordConsentRequest,
    principal: Principal,
  ): Promise<ConsentOutcomeResponse> {
    const now = new Date().toISOString();
    const { personId, purpose, decision, method, sharing } = request;
    const command: RecordConsent = {
      type: 'RecordConsent',
      data: {
        caseId,
        personId,
        purpose,
        decision,
        method,
        ...(sharing ? { sharing: { agency: sharing.agency, information: [...sharing.information] } } : {}),
        officer: { id: principal.sub, agency: principal.agency },
        now,
      },
    };
    const result = await this.runner.run(caseId, command, { metadata: requestMetadata(principal, now) });
    return consentOutcome(caseId, result.newEvents, result.state);
  }
}
