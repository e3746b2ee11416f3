import { Reason } from '@accord/contracts';

export class CancelConferenceRequest {
  @Reason() reason!: string;
}
