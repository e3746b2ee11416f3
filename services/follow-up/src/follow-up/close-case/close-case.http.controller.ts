import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CaseClosedV1 } from '@accord/contracts';
import { ApiProblems, CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import { CloseCaseHandler } from './close-case.handler';
import { CloseCaseRequest } from './close-case.request.dto';

@ApiTags('follow-up')
@Controller('api/cases/:caseId/follow-up/close')
export class CloseCaseHttpController {
  constructor(private readonly handler: CloseCaseHandler) {}

  @ApiOperation({ summary: 'Close the case', description: 'Closes follow-up with the outcome it reached.' })
  @ApiProblems(404, 409, 422)
  @ApiOkResponse({ type: CaseClosedV1, description: 'Closed: the published `CaseClosed`.' })
  @Post()
  @HttpCode(200)
  @Roles('case-worker')
  async close(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: CloseCaseRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseClosedV1 | undefined> {
    return this.handler.handle(caseId, body, principal);
  }
}
