import { runService } from '@accord/platform';
import { GatewayModule } from './gateway.module';

void runService({ name: 'gateway', module: GatewayModule });
