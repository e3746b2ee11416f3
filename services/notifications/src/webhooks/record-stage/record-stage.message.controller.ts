import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  CaseClosed,
  CaseHalted,
  CaseIneligible,
  CaseNeedsReview,
  ConferenceCancelled,
  ConsentsComplete,
  NoAgreement,
  ReferralDeclined,
} from '@accord/contracts';
import type { KafkaEventContext } from '@accord/messaging';
import { CaseStageRecorder } from '../case-stage-recorder';

type CaseEvent = object & { caseId: string };

/**
 * The stages nobody else here reacts to, recorded for the referring agency's webhooks (the events
 * that also reach people are recorded by the controllers that queue those messages).
 */
@Controller()
export class RecordStageMessageController {
  constructor(private readonly stages: CaseStageRecorder) {}

  @EventPattern(ReferralDeclined.type)
  async onDeclined(@Payload() event: CaseEvent, @Ctx() context: KafkaEventContext): Promise<void> {
    await this.stages.record(context, event);
  }

  @EventPattern(CaseIneligible.type)
  async onIneligible(@Payload() event: CaseEvent, @Ctx() context: KafkaEventContext): Promise<void> {
    await this.stages.record(context, event);
  }

  @EventPattern(CaseNeedsReview.type)
  async onNeedsReview(@Payload() event: CaseEvent, @Ctx() context: KafkaEventContext): Promise<void> {
    await this.stages.record(context, event);
  }

  @EventPattern(ConsentsComplete.type)
  async onConsentsComplete(@Payload() event: CaseEvent, @Ctx() context: KafkaEventContext): Promise<void> {
    await this.stages.record(context, event);
  }

  @EventPattern(CaseHalted.type)
  async onHalted(@Payload() event: CaseEvent, @Ctx() context: KafkaEventContext): Promise<void> {
    await this.stages.record(context, event);
  }

  @EventPattern(ConferenceCancelled.type)
  async onCancelled(@Payload() event: CaseEvent, @Ctx() context: KafkaEventContext): Promise<void> {
    await this.stages.record(context, event);
  }

  @EventPattern(NoAgreement.type)
  async onNoAgreement(@Payload() event: CaseEvent, @Ctx() context: KafkaEventContext): Promise<void> {
    await this.stages.record(context, event);
  }

  @EventPattern(CaseClosed.type)
  async onClosed(@Payload() event: CaseEvent, @Ctx() context: KafkaEventContext): Promise<void> {
    await this.stages.record(context, event);
  }
}
