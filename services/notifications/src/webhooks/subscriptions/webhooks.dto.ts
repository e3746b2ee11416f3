import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import type { DeliveryView, Subscription } from '../webhook-store';

export class RegisterWebhookRequest {
  @JSONSchema({
    description:
      'Where the agency receives its cases’ status changes: HTTPS, not a loopback, private or link-local address.',
    example: 'https://cases.police-north.example/accord/webhook',
  })
  @IsUrl({ require_protocol: true, require_tld: false, protocols: ['https', 'http'] })
  @MaxLength(2000)
  readonly url!: string;
}

export class WebhookSubscriptionResponse implements Subscription {
  @IsUUID() readonly subscriptionId!: string;
  @IsString() @MaxLength(2000) readonly url!: string;
  @IsISO8601() readonly createdAt!: string;
}

export class RegisteredWebhookResponse extends WebhookSubscriptionResponse {
  @JSONSchema({
    description:
      'Shown once: the key of the HMAC-SHA256 `webhook-signature` of every delivery (over `<webhook-id>.<webhook-timestamp>.<body>`). Refuse deliveries whose timestamp is more than 5 minutes off.',
  })
  @IsString()
  readonly secret!: string;
}

export class WebhookSubscriptionsResponse {
  @ValidateNested({ each: true })
  @Type(() => WebhookSubscriptionResponse)
  readonly subscriptions!: WebhookSubscriptionResponse[];
}

const DELIVERY_STATUSES = ['pending', 'delivered', 'parked'] as const;

export class WebhookDeliveryResponse implements DeliveryView {
  @IsUUID() readonly deliveryId!: string;
  @JSONSchema({ description: 'The CloudEvents `id` of the stage (the same on every redelivery).' })
  @IsUUID()
  readonly eventId!: string;
  @IsUUID() readonly caseId!: string;
  @IsString() readonly type!: string;
  @IsIn(DELIVERY_STATUSES) readonly status!: (typeof DELIVERY_STATUSES)[number];
  @IsInt() @Min(0) readonly attempts!: number;
  @IsOptional() @IsISO8601() readonly nextAttemptAt?: string;
  @IsOptional() @IsInt() readonly lastStatus?: number;
  @IsOptional() @IsString() readonly lastError?: string;
  @JSONSchema({
    description: 'Why it stopped retrying (after 24 hours of failures); redeliver to try again.',
  })
  @IsOptional()
  @IsString()
  readonly parkedReason?: string;
  @IsOptional() @IsISO8601() readonly deliveredAt?: string;
}

export class WebhookDeliveriesResponse {
  @IsUUID() readonly subscriptionId!: string;
  @ValidateNested({ each: true })
  @Type(() => WebhookDeliveryResponse)
  readonly deliveries!: WebhookDeliveryResponse[];
}

export class RedeliveryResponse {
  @IsUUID() readonly deliveryId!: string;
  @IsIn(['pending']) readonly status!: 'pending';
}
