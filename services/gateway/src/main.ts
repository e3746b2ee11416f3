import { runService } from '@accord/platform';
import { gatewayService } from './gateway.service';

void runService(gatewayService);
