import { Injectable } from '@nestjs/common';
import type { SERVICES } from '@accord/contracts';
import type { consentDecider } from '@accord/consent-domain';
import type { AfterCommand, CommandOutcome } from '@accord/platform';
import { caseTimer, caseTimerId, DurableScheduler } from '@accord/scheduler';

/** Consent's timer kinds, as the service manifest declares them. */
type ConsentTimer = (typeof SERVICES.consent.timers)[number];
export const CONSENT_EXPIRY = 'consent-expiry' satisfies ConsentTimer;
export const CONSENT_REMINDER = 'consent-reminder' satisfies ConsentTimer;

export const expiryTimerId = (caseId: string): string => caseTimerId(CONSENT_EXPIRY, caseId);
export const reminderTimerId = (caseId: string): string => caseTimerId(CONSENT_REMINDER, caseId);

/**
 * Timers follow the case, after every command: while consent is being collected its reminder and
 * expiry are scheduled (idempotent on the timer id); once it is complete or halted they are cancelled.
 */
@Injectable()
export class ConsentTimers implements AfterCommand<typeof consentDecider> {
  constructor(private readonly scheduler: DurableScheduler) {}

  async afterCommand({ command, state }: CommandOutcome<typeof consentDecider>): Promise<void> {
    const { caseId } = command.data;
    switch (state.status) {
      case 'not-requested':
        return;
      case 'requested':
        await this.scheduler.schedule(caseTimer(CONSENT_EXPIRY, caseId, new Date(state.dueAt)));
        if (state.remindAt && !state.remindedAt) {
          await this.scheduler.schedule(caseTimer(CONSENT_REMINDER, caseId, new Date(state.remindAt)));
        }
        return;
      case 'complete':
      case 'halted':
        await this.scheduler.cancel({ caseId });
        return;
    }
  }
}
