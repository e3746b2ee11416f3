import {
  Controller,
  Get,
  Inject,
  NotFoundException,
  Req,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public, ServiceConfig } from '@accord/platform';
import type { GatewayConfig } from '../gateway.config';
import { consoleContentSecurityPolicy, consoleFileFor } from './console-files';
import { ConsoleSignInDirectory } from './console-sign-in';

/**
 * The web console (apps/console, built to CONSOLE_DIR) at `/`, on the same origin as /api, and
 * what it needs to sign people in. Registered after the /api proxy, so it never shadows the API.
 */
@ApiExcludeController()
@Public()
@Controller()
export class ConsoleHttpController {
  constructor(
    @Inject(ServiceConfig) private readonly config: GatewayConfig,
    private readonly directory: ConsoleSignInDirectory,
  ) {}

  @Get('console-config.json')
  async signInConfig(@Res({ passthrough: true }) response: Response) {
    response.setHeader('cache-control', 'no-store');
    try {
      return await this.directory.signIn();
    } catch {
      response.setHeader('retry-after', '5');
      throw new ServiceUnavailableException(
        'The agency directory cannot be reached, so sign-in is not available yet; try again shortly.',
      );
    }
  }

  @Get(['/', '*path'])
  serve(@Req() request: Request, @Res() response: Response): void {
    const file = consoleFileFor(this.config.CONSOLE_DIR, request.path);
    if (!file) throw new NotFoundException(`Nothing at ${request.path}.`);
    response.setHeader(
      'content-security-policy',
      consoleContentSecurityPolicy(this.directory.issuerOrigins()),
    );
    response.setHeader('referrer-policy', 'no-referrer');
    response.setHeader('x-frame-options', 'DENY');
    response.setHeader(
      'cache-control',
      file.cache === 'immutable' ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    response.sendFile(file.path, { dotfiles: 'deny' });
  }
}
