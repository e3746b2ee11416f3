import { Injectable } from '@nestjs/common';
import type { SERVICES } from '@accord/contracts';
import type { referralDecider } from '@accord/intake-domain';
import type { AfterCommand, CommandOutcome } from '@accord/platform';
import { caseTimer, caseTimerId, DurableScheduler } from '@accord/scheduler';

/** Intake's timer kinds, as the service manifest declares them. */
type IntakeTimer = (typeof SERVICES.intake.timers)[number];
export const RESPONSE_DUE = 'referral-response-due' satisfies IntakeTimer;
export const ESCALATION_DUE = 'referral-escalation-due' satisfies IntakeTimer;

export const responseDueTimerId = (caseId: string): string => caseTimerId(RESPONSE_DUE, caseId);
export const escalationDueTimerId = (caseId: string): string => caseTimerId(ESCALATION_DUE, caseId);

/**
 * The response deadline's two timers follow the referral, after every command: while it waits for
 * the receiving service they are set (idempotent on the timer id; one that fired stays fired); once
 * it is accepted or declined they are cancelled.
 */
@Injectable()
export class ResponseDeadlineTimers implements AfterCommand<typeof referralDecider> {
  constructor(private readonly scheduler: DurableScheduler) {}

  async afterCommand({ command, state }: CommandOutcome<typeof referralDecider>): Promise<void> {
    if (state.status !== 'submitted' || !state.deadline) return;
    const { caseId, receivingService, deadline } = state;
    if (state.decision !== 'pending') {
      await this.scheduler.cancel({ caseId, kind: RESPONSE_DUE });
      await this.scheduler.cancel({ caseId, kind: ESCALATION_DUE });
      return;
    }
    const payload = { receivingService, correlationId: command.metadata.correlationId };
    await this.scheduler.schedule(caseTimer(RESPONSE_DUE, caseId, new Date(deadline.respondBy), payload));
    await this.scheduler.schedule(caseTimer(ESCALATION_DUE, caseId, new Date(deadline.escalateAt), payload));
  }
}
