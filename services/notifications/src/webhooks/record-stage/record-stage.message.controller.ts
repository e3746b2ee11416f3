import { Controller } from '@nestjs/common';
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
import { Hears, type KafkaEventContext } from '@accord/messaging';
import { CaseStageRecorder } from '../case-stage-recorder';

type CaseEvent = object & { caseId: string };

/**
 * The stages nobody else here reacts to, recorded for the referring agency's webhooks (the events
 * that also reach people are recorded by the controllers that queue those messages).
 */
@Controller()
export class RecordStageMessageController {
  constructor(private readonly stages: CaseStageRecorder) {}

  @Hears(
    ReferralDeclined,
    CaseIneligible,
    CaseNeedsReview,
    ConsentsComplete,
    CaseHalted,
    ConferenceCancelled,
    NoAgreement,
    CaseClosed,
  )
  async onStage(event: CaseEvent, context: KafkaEventContext): Promise<void> {
    await this.stages.record(context, event);
  }
}
