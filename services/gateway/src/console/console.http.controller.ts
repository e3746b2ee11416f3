import { Controller, Get, Inject, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public, ServiceConfig } from '@accord/platform';
import type { GatewayConfig } from '../gateway.config';
import { consoleContentSecurityPolicy, consoleFileFor } from './console-files';
import { consoleSignIn } from './console-sign-in';

/**
 * The web console (apps/console, built to CONSOLE_DIR) at `/`, on the same origin as /api, and
 * what it needs to sign people in. Registered after the /api proxy, so it never shadows the API.
 */
@ApiExcludeController()
@Public()
@Controller()
export class ConsoleHttpController {
  constructor(@Inject(ServiceConfig) private readonly config: GatewayConfig) {}

  @Get('console-config.json')
  signInConfig(@Res() response: Response): void {
    response.setHeader('cache-control', 'no-store');
    response.json(consoleSignIn(this.config));
  }

  @Get(['/', '*path'])
  serve(@Req() request: Request, @Res() response: Response): void {
    const file = consoleFileFor(this.config.CONSOLE_DIR, request.path);
    if (!file) throw new NotFoundException(`Nothing at ${request.path}.`);
    const issuers = consoleSignIn(this.config).agencies.map((agency) => new URL(agency.issuer).origin);
    response.setHeader('content-security-policy', consoleContentSecurityPolicy(issuers));
    response.setHeader('referrer-policy', 'no-referrer');
    response.setHeader('x-frame-options', 'DENY');
    response.setHeader(
      'cache-control',
      file.cache === 'immutable' ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    response.sendFile(file.path, { dotfiles: 'deny' });
  }
}
