import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import { AssignFacilitatorResponse } from './assign-facilitator.response.dto';
import { AssignFacilitatorHandler } from './assign-facilitator.handler';
import { AssignFacilitatorRequest } from './assign-facilitator.request.dto';

@ApiTags('conferencing')
@Controller('api/cases/:caseId/conference/facilitator')
export class AssignFacilitatorHttpController {
  constructor(private readonly handler: AssignFacilitatorHandler) {}

  @ApiOperation({
    summary: 'Assign a facilitator',
    description: 'A case worker assigns a facilitator by hand when automatic matching found none suitable.',
  })
  @ApiProblems(404, 409, 422)
  @ApiOkResponse({ type: AssignFacilitatorResponse })
  @Post()
  @HttpCode(200)
  @Roles('case-worker')
  async assign(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: AssignFacilitatorRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AssignFacilitatorResponse> {
    return this.handler.handle(caseId, body, principal);
  }
}
