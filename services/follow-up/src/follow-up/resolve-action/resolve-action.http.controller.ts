import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import { ResolveActionResponse } from './resolve-action.response.dto';
import { ResolveActionHandler } from './resolve-action.handler';
import { ResolveActionRequest } from './resolve-action.request.dto';

@ApiTags('follow-up')
@Controller('api/cases/:caseId/follow-up/actions/:actionId')
export class ResolveActionHttpController {
  constructor(private readonly handler: ResolveActionHandler) {}

  @ApiOperation({
    summary: 'Resolve an agreed action',
    description: 'Marks one action of the agreement completed or not completed.',
  })
  @ApiProblems(404, 409, 422)
  @ApiOkResponse({ type: ResolveActionResponse, description: 'Resolved.' })
  @Post()
  @HttpCode(200)
  @Roles('case-worker')
  async resolve(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('actionId', new ParseUUIDPipe()) actionId: string,
    @Body() body: ResolveActionRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ResolveActionResponse> {
    return this.handler.handle(caseId, actionId, body, principal);
  }
}
