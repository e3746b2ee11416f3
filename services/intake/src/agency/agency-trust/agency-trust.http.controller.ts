import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AgencyTrust } from '@accord/contracts';
import { CurrentPrincipal, Public, Roles, type Principal } from '@accord/platform';
import { agencyId } from '../agency-admin.http.controller';
import { AgencyTrustDirectory } from './agency-trust.directory';
import { SetAgencyTrustHandler } from './set-agency-trust.handler';
import { SetAgencyTrustRequest } from './set-agency-trust.request.dto';

/** Registering an agency's identity provider: a platform administrator's decision, recorded. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/admin/agencies/:id/trust')
export class SetAgencyTrustHttpController {
  constructor(private readonly handler: SetAgencyTrustHandler) {}

  @Put()
  put(
    @Param('id') id: string,
    @Body() body: SetAgencyTrustRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AgencyTrust> {
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

  @Get()
  list(): Promise<AgencyTrust[]> {
    return this.directory.list();
  }
}
