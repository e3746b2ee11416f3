import { Injectable } from '@nestjs/common';
import type { KafkaEventContext } from '@accord/messaging';
import { CASE_STAGES, referringAgencyOf, stageDetail } from './case-stages';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookStore } from './webhook-store';

/** Records a heard pipeline event as a stage of its case, for the referring agency's webhooks. */
@Injectable()
export class CaseStageRecorder {
  constructor(
    private readonly store: WebhookStore,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  async record(context: KafkaEventContext, data: object & { caseId: string }): Promise<void> {
    const { event } = context;
    const status = CASE_STAGES.get(event.type);
    if (!status) return;
    await this.store.recordStage({
      eventId: event.id,
      caseId: data.caseId,
      type: event.type,
      source: event.source,
      status,
      referringAgency: referringAgencyOf(data),
      occurredAt: event.time,
      detail: stageDetail(data),
    });
    this.dispatcher.nudge();
  }
}
