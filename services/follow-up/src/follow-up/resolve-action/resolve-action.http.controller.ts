import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, CaseCommand, UuidParam } from '@accord/platform';
import { ResolveActionResponse } from './resolve-action.response.dto';
import { ResolveActionHandler } from './resolve-action.handler';
import { ResolveActionRequest } from './resolve-action.request.dto';

@ApiTags('follow-up')
@Controller('api/cases/:caseId/follow-up/actions/:actionId')
export class ResolveActionHttpController {
  constructor(private readonly handler: ResolveActionHandler) {}

  @CaseCommand({
    summary: 'Resolve an agreed action',
    description: 'Marks one action of the agreement completed or not completed.',
    roles: ['case-worker'],
    response: ResolveActionResponse,
    responseDescription: 'Resolved.',
    created: false,
  })
  async resolve(
    @UuidParam() caseId: string,
    @UuidParam('actionId') actionId: string,
    @Body() body: ResolveActionRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ResolveActionResponse> {
    return this.handler.handle(caseId, actionId, body, principal);
  }
}
