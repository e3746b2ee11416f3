import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import { CloseCaseHandler } from './close-case.handler';
import { CloseCaseRequest } from './close-case.request.dto';

@Controller('api/cases/:caseId/follow-up/close')
export class CloseCaseHttpController {
  constructor(private readonly handler: CloseCaseHandler) {}

  @Post()
  @HttpCode(200)
  @Roles('case-worker')
  async close(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: CloseCaseRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.handler.handle(caseId, body, principal);
  }
}
