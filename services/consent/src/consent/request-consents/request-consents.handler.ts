import { Inject, Injectable } from '@nestjs/common';
import type { CaseEligibleV1, CommandMetadata } from '@accord/contracts';
import type { consentDecider } from '@accord/consent-domain';
import { CommandRunner, ServiceConfig } from '@accord/platform';
import type { ConsentConfig } from '../../consent.config';

@Injectable()
export class RequestConsentsHandler {
  constructor(
    @Inject(ServiceConfig) private readonly config: ConsentConfig,
    private readonly runner: CommandRunner<typeof consentDecider>,
  ) {}

  async handle(event: CaseEligibleV1, metadata: CommandMetadata): Promise<void> {
    // The payload arrives as validated class instances; the log keeps plain JSON.
    const { profile, requirements } = JSON.parse(
      JSON.stringify({ profile: event.profile, requirements: event.requirements }),
    ) as Pick<CaseEligibleV1, 'profile' | 'requirements'>;
    await this.runner.run({
      type: 'RequestConsents',
      data: {
        caseId: event.caseId,
        profile,
        requirements,
        policy: {
          expiryDays: this.config.CONSENT_EXPIRY_DAYS,
          reminderDaysBefore: this.config.CONSENT_REMINDER_DAYS_BEFORE,
        },
      },
      metadata,
    });
  }
}
