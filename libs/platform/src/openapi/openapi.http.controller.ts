import { Controller, Get, Inject } from '@nestjs/common';
import { HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { ApiExcludeController, type OpenAPIObject } from '@nestjs/swagger';
import { Public } from '../auth/public';
import { openApiDocument, type OpenApiInfo } from './openapi-document';

export const OPENAPI_INFO = Symbol('OPENAPI_INFO');

/** Every service's OpenAPI document (`GET /openapi.json`), which the gateway merges into one for agencies. */
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
    this.document ??= openApiDocument({ modules: this.modules, adapterHost: this.adapterHost }, this.info);
    return this.document;
  }
}
