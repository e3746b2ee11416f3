import { Inject, Injectable } from '@nestjs/common';
import type { CaseEligibleV1 } from '@accord/contracts';
import type { EventMetadata } from '@accord/event-store';
import { ServiceConfig } from '@accord/platform';
import type { ConsentConfig } from '../../consent.config';
import { ConsentCommandRunner } from '../consent-command.runner';
import type { RequestConsents } from '@accord/consent-domain';

@Injectable()
export class RequestConsentsHandler {
  constructor(
    @Inject(ServiceConfig) private readonly config: ConsentConfig,
    private readonly runner: ConsentCommandRunner,
  ) {}

  async handle(
    event: CaseEligibleV1,
    metadata: EventMetadata,
    eventId: (index: number) => string,
  ): Promise<void> {
    // The payload arrives as validated class instances; the log keeps plain JSON.
    const { profile, requirements } = JSON.parse(
      JSON.stringify({ profile: event.profile, requirements: event.requirements }),
    ) as Pick<CaseEligibleV1, 'profile' | 'requirements'>;
    const command: RequestConsents = {
      type: 'RequestConsents',
      data: {
        caseId: event.caseId,
        profile,
        requirements,
        policy: {
          expiryDays: this.config.CONSENT_EXPIRY_DAYS,
          reminderDaysBefore: this.config.CONSENT_REMINDER_DAYS_BEFORE,
        },
        now: metadata.occurredAt,
      },
    };
    await this.runner.run(event.caseId, command, { metadata, eventIds: eventId, oncePerCausation: true });
  }
}
