import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, CaseCommand, UuidParam } from '@accord/platform';
import { AssignFacilitatorResponse } from './assign-facilitator.response.dto';
import { AssignFacilitatorHandler } from './assign-facilitator.handler';
import { AssignFacilitatorRequest } from './assign-facilitator.request.dto';

@ApiTags('conferencing')
@Controller('api/cases/:caseId/conference/facilitator')
export class AssignFacilitatorHttpController {
  constructor(private readonly handler: AssignFacilitatorHandler) {}

  @CaseCommand({
    summary: 'Assign a facilitator',
    description: 'A case worker assigns a facilitator by hand when automatic matching found none suitable.',
    roles: ['case-worker'],
    response: AssignFacilitatorResponse,
    responseDescription: 'Assigned.',
    created: false,
  })
  async assign(
    @UuidParam() caseId: string,
    @Body() body: AssignFacilitatorRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AssignFacilitatorResponse> {
    return this.handler.handle(caseId, body, principal);
  }
}
