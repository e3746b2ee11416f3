import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { notFound } from '@accord/contracts';
import {
  ApiProblems,
  CurrentPrincipal,
  InvalidRequest,
  type Principal,
  Roles,
  ServiceConfig,
  UuidParam,
} from '@accord/platform';
import { allowedPrivateHosts, type NotificationsConfig } from '../../notifications.config';
import { WebhookDispatcher } from '../webhook-dispatcher';
import { WebhookStore } from '../webhook-store';
import { webhookUrlProblem } from '../webhook-url-policy';
import {
  RedeliveryResponse,
  RegisteredWebhookResponse,
  RegisterWebhookRequest,
  WebhookDeliveriesResponse,
  WebhookSubscriptionsResponse,
} from './webhooks.dto';

const noSuchSubscription = (subscriptionId: string) =>
  notFound('WEBHOOK_NOT_FOUND', `Your agency has no webhook subscription ${subscriptionId}.`, {
    subscriptionId,
  });

/** An agency's administrators subscribe its own endpoints to the stages of the cases it referred. */
@ApiTags('webhooks')
@Controller('api/notifications/webhooks')
export class WebhooksHttpController {
  constructor(
    @Inject(ServiceConfig) private readonly config: NotificationsConfig,
    private readonly store: WebhookStore,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  @ApiOperation({
    summary: 'Register a webhook',
    description:
      'Every later status change of the cases your agency referred is POSTed there as a signed CloudEvent (structured mode). The secret is shown once.',
  })
  @ApiCreatedResponse({ type: RegisteredWebhookResponse })
  @Post()
  @Roles('agency-admin')
  async register(
    @Body() body: RegisterWebhookRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RegisteredWebhookResponse> {
    const problem = await webhookUrlProblem(body.url, allowedPrivateHosts(this.config));
    if (problem) throw new InvalidRequest([{ pointer: '/url', detail: `url ${problem}` }]);
    return this.store.subscribe(principal.agency, body.url, principal.sub);
  }

  @ApiOperation({ summary: "List your agency's webhooks" })
  @ApiOkResponse({ type: WebhookSubscriptionsResponse })
  @Get()
  @Roles('agency-admin')
  async list(@CurrentPrincipal() principal: Principal): Promise<WebhookSubscriptionsResponse> {
    return { subscriptions: await this.store.subscriptions(principal.agency) };
  }

  @ApiOperation({
    summary: "List a webhook's deliveries",
    description: 'Newest first: pending (with the next attempt), delivered, or parked with the reason.',
  })
  @ApiProblems(404)
  @ApiOkResponse({ type: WebhookDeliveriesResponse })
  @Get(':subscriptionId/deliveries')
  @Roles('agency-admin')
  async deliveries(
    @UuidParam('subscriptionId') subscriptionId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WebhookDeliveriesResponse> {
    const deliveries = await this.store.deliveries(principal.agency, subscriptionId);
    if (!deliveries) throw noSuchSubscription(subscriptionId);
    return { subscriptionId, deliveries };
  }

  @ApiOperation({
    summary: 'Redeliver',
    description: 'Sends a delivery again from now (a parked one too), with a fresh 24-hour retry budget.',
  })
  @ApiProblems(404)
  @ApiAcceptedResponse({ type: RedeliveryResponse })
  @Post(':subscriptionId/deliveries/:deliveryId/redeliver')
  @HttpCode(HttpStatus.ACCEPTED)
  @Roles('agency-admin')
  async redeliver(
    @UuidParam('subscriptionId') subscriptionId: string,
    @UuidParam('deliveryId') deliveryId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RedeliveryResponse> {
    if (!(await this.store.redeliver(principal.agency, subscriptionId, deliveryId)))
      throw notFound('DELIVERY_NOT_FOUND', `No delivery ${deliveryId} of your webhook ${subscriptionId}.`, {
        deliveryId,
      });
    this.dispatcher.nudge();
    return { deliveryId, status: 'pending' };
  }
}
