import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, CurrentPrincipal, Public, Roles, type Principal } from '@accord/platform';
import { agencyId } from '../agency-admin.http.controller';
import { AgencyTrustDirectory } from './agency-trust.directory';
import { AgencyTrustResponse } from './agency-trust.response.dto';
import { SetAgencyTrustHandler } from './set-agency-trust.handler';
import { SetAgencyTrustRequest } from './set-agency-trust.request.dto';

/** Registering an agency's identity provider: a platform administrator's decision, recorded. */
@ApiTags('admin')
@Roles('admin')
@Controller('api/admin/agencies/:id/trust')
export class SetAgencyTrustHttpController {
  constructor(private readonly handler: SetAgencyTrustHandler) {}

  @ApiOperation({
    summary: "Register an agency's identity providers",
    description:
      'Sets which OpenID issuers speak for the agency, the claim carrying their roles, and its tier ' +
      '(`inspectorate` may grant `auditor`). Platform administrators only; recorded in the event store.',
  })
  @ApiProblems(422)
  @ApiOkResponse({ type: AgencyTrustResponse, description: 'The agency’s trust as registered now.' })
  @Put()
  put(
    @Param('id') id: string,
    @Body() body: SetAgencyTrustRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AgencyTrustResponse> {
    return this.handler.handle(agencyId(id), body, principal);
  }
}

/**
 * The trusted-issuer list every service's token verifier reads (no personal data; issuers are
 * public by nature). Public: a service must be able to read it before it can verify anything.
 */
@ApiTags('directory')
@Public()
@Controller('api/directory/trust')
export class DirectoryTrustHttpController {
  constructor(private readonly directory: AgencyTrustDirectory) {}

  @ApiOperation({
    summary: 'List the trusted issuers',
    description: "Each agency's registered OpenID issuers: what every service's token verifier reads.",
  })
  @ApiOkResponse({ type: [AgencyTrustResponse], description: 'Every agency with registered issuers.' })
  @Get()
  list(): Promise<AgencyTrustResponse[]> {
    return this.directory.list();
  }
}
