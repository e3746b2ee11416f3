import { Controller, Get } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { ApiExcludeController, DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { Public } from '@accord/platform';

/**
 * The service's OpenAPI document, which the gateway merges into one (as intake's does). runService
 * does not hand the Nest app to the service, so the scanner gets what it reads from the container.
 */
@ApiExcludeController()
@Controller()
export class OpenApiHttpController {
  private document: OpenAPIObject | undefined;

  constructor(
    private readonly modules: ModulesContainer,
    private readonly adapterHost: HttpAdapterHost,
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
        .setTitle('Accord audit')
        .setDescription(
          'A case across every service: history, state as of any moment, hash-chain verification, signed seal checkpoints, erasure.',
        )
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
    return this.document;
  }
}
