import { Controller, Get, Inject } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { ApiExcludeController, DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { Public } from '../auth/public';

export const OPENAPI_INFO = Symbol('OPENAPI_INFO');

export interface OpenApiInfo {
  readonly title: string;
  readonly description: string;
}

/**
 * Every service's OpenAPI document (`GET /openapi.json`), which the gateway merges into one for
 * agencies. The scanner reads modules, routing config and the HTTP adapter, which the container
 * holds, so the document is built on first request without the app object.
 */
@ApiExcludeController()
@Controller()
export class OpenApiHttpController {
  private document: OpenAPIObject | undefined;

  constructor(
    private readonly modules: ModulesContainer,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(OPENAPI_INFO) private readonly info: OpenApiInfo,
  ) {}

  @Public()
  @Get('openapi.json')
  openApi(): OpenAPIObject {
    this.document ??= SwaggerModule.createDocument(
      {
        container: { getModules: () => this.modules },
        config: new ApplicationConfig(),
        getHttpAdapter: () => this.adapterHost.httpAdapter,
      } as unknown as Parameters<typeof SwaggerModule.createDocument>[0],
      new DocumentBuilder()
        .setTitle(this.info.title)
        .setDescription(this.info.description)
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
    return this.document;
  }
}
