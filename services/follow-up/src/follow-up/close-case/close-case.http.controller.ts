import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CaseClosedV1 } from '@accord/contracts';
import { CurrentPrincipal, type Principal, CaseCommand, UuidParam } from '@accord/platform';
import { CloseCaseHandler } from './close-case.handler';
import { CloseCaseRequest } from './close-case.request.dto';

@ApiTags('follow-up')
@Controller('api/cases/:caseId/follow-up/close')
export class CloseCaseHttpController {
  constructor(private readonly handler: CloseCaseHandler) {}

  @CaseCommand({
    summary: 'Close the case',
    description: 'Closes follow-up with the outcome it reached.',
    roles: ['case-worker'],
    response: CaseClosedV1,
    responseDescription: 'Closed: the published `CaseClosed`.',
    created: false,
  })
  async close(
    @UuidParam() caseId: string,
    @Body() body: CloseCaseRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseClosedV1 | undefined> {
    return this.handler.handle(caseId, body, principal);
  }
}
