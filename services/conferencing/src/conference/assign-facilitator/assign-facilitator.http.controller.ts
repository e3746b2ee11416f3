import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import { AssignFacilitatorHandler } from './assign-facilitator.handler';
import { AssignFacilitatorRequest } from './assign-facilitator.request.dto';

@Controller('api/cases/:caseId/conference/facilitator')
export class AssignFacilitatorHttpController {
  constructor(private readonly handler: AssignFacilitatorHandler) {}

  @Post()
  @HttpCode(200)
  @Roles('case-worker')
  async assign(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: AssignFacilitatorRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.handler.handle(caseId, body, principal);
  }
}
