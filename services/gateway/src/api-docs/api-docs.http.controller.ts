import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public, ServiceConfig } from '@accord/platform';
import type { GatewayConfig } from '../gateway.config';
import { UPSTREAMS, upstreamUrl } from '../routing/upstream-routes';
import {
  mergeOpenApi,
  type OpenApiDocument,
  type ServiceDocument,
  type UnavailableService,
} from './merge-openapi';

const FETCH_TIMEOUT_MS = 3_000;

/** The API as agencies see it: each service's own OpenAPI document, merged on every request. */
@ApiExcludeController()
@Controller('api/docs')
export class ApiDocsHttpController {
  constructor(@Inject(ServiceConfig) private readonly config: GatewayConfig) {}

  @Public()
  @Get()
  async docs(): Promise<OpenApiDocument> {
    const answers = await Promise.all(
      UPSTREAMS.map(async (service): Promise<ServiceDocument | UnavailableService> => {
        try {
          const response = await fetch(`${upstreamUrl(this.config, service)}/openapi.json`, {
            signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
          });
          if (!response.ok) return { service, reason: `GET /openapi.json answered ${response.status}` };
          return { service, document: (await response.json()) as OpenApiDocument };
        } catch (error) {
          const cause = (error as { cause?: { code?: string } }).cause?.code;
          return { service, reason: cause ?? (error as Error).message };
        }
      }),
    );
    return mergeOpenApi(
      answers.filter((answer): answer is ServiceDocument => 'document' in answer),
      answers.filter((answer): answer is UnavailableService => 'reason' in answer),
      '1',
    );
  }
}
