import { Controller, Get, Header, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { API_VERSION, asyncApiDocument } from '@accord/contracts';
import { InvalidRequest, Public, ServiceConfig } from '@accord/platform';
import type { GatewayConfig } from '../gateway.config';
import { UPSTREAMS, upstreamUrls } from '../routing/upstream-routes';
import { DOCS_ASSETS, DOCS_INIT_SCRIPT, DOCS_PAGE, docsAsset } from './docs-page';
import {
  mergeOpenApi,
  type OpenApiDocument,
  type ServiceDocument,
  type UnavailableService,
} from './merge-openapi';

const FETCH_TIMEOUT_MS = 3_000;

/**
 * The API as agencies see it: each service's own OpenAPI document, merged on every request
 * (`/api/openapi.json`), the AsyncAPI document of the events (`/api/asyncapi.json`) and a page that
 * renders the reference (`/api/docs`).
 */
@ApiExcludeController()
@Controller('api')
export class ApiDocsHttpController {
  constructor(@Inject(ServiceConfig) private readonly config: GatewayConfig) {}

  @Public()
  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return DOCS_PAGE;
  }

  @Public()
  @Get('docs/init.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  init(): string {
    return DOCS_INIT_SCRIPT;
  }

  @Public()
  @Get('docs/:asset')
  asset(@Param('asset') asset: string, @Res() response: Response): void {
    const type = DOCS_ASSETS[asset];
    if (!type) throw new InvalidRequest([{ parameter: 'asset', detail: `no such asset: ${asset}` }]);
    response.type(type).setHeader('cache-control', 'public, max-age=3600');
    response.send(docsAsset(asset));
  }

  @Public()
  @Get('asyncapi.json')
  asyncApi(): Record<string, unknown> {
    return asyncApiDocument(API_VERSION);
  }

  @Public()
  @Get('openapi.json')
  async openApi(): Promise<OpenApiDocument> {
    const answers = await Promise.all(
      UPSTREAMS.map(async (service): Promise<ServiceDocument | UnavailableService> => {
        try {
          // Every replica of a service serves the same document: the first one's will do.
          const response = await fetch(`${upstreamUrls(this.config, service)[0]}/openapi.json`, {
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
    );
  }
}
