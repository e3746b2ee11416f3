import { Controller, Inject } from '@nestjs/common';
import { AgreementReached, AgreementReachedV1, uuidV5 } from '@accord/contracts';
import { daysToMs, type followUpDecider, type PlannedCheckIn } from '@accord/follow-up-domain';
import { Hears, type KafkaEventContext } from '@accord/messaging';
import { CommandRunner, reactionMetadata, ServiceConfig } from '@accord/platform';
import { checkInDays, type FollowUpConfig } from '../../follow-up.config';

/** An agreement was reached: track each action and plan the check-ins with the harmed person. */
@Controller()
export class AgreementReachedMessageController {
  private readonly checkInDays: number[];

  constructor(
    private readonly runner: CommandRunner<typeof followUpDecider>,
    @Inject(ServiceConfig) config: ServiceConfig,
  ) {
    this.checkInDays = checkInDays(config as FollowUpConfig);
  }

  @Hears(AgreementReached)
  async onAgreementReached(event: AgreementReachedV1, context: KafkaEventContext): Promise<void> {
    const heldAt = new Date(event.heldAt);
    const checkIns: PlannedCheckIn[] = this.checkInDays.map((days, index) => ({
      // Derived, so a redelivery plans the same check-ins.
      checkInId: uuidV5(`follow-up/${event.caseId}/check-in/${index}`),
      dueAt: new Date(heldAt.getTime() + daysToMs(days)).toISOString(),
    }));
    await this.runner.run(
      {
        type: 'StartFollowUp',
        data: {
          caseId: event.caseId,
          actions: event.actions.map((a) => ({
            actionId: a.actionId,
            kind: a.kind,
            what: a.what,
            by: a.by,
            dueBy: new Date(a.dueBy).toISOString(),
          })),
          harmedPersons: [...event.harmedPersons],
          heldAt: heldAt.toISOString(),
          checkIns,
        },
        metadata: reactionMetadata(context, 'follow-up'),
      },
      { acknowledgeConflict: true },
    );
  }
}
