import type { ServiceDefinition } from '@accord/platform';
import { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

/** How the gateway runs, in production (main.ts) and in its integration tests alike. */
export const gatewayService: ServiceDefinition<GatewayConfig> = {
  name: 'gateway',
  module: GatewayModule,
  eventStore: 'none',
  config: GatewayConfig,
};
