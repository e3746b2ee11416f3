import { Body, Controller, Get, NotFoundException, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ApiProblems, CurrentPrincipal, InvalidRequest, type Principal, Roles } from '@accord/platform';
import { FacilitatorDirectory, type FacilitatorWithCaseload } from './facilitator-directory';
import { FACILITATOR_ID, FacilitatorRequest } from './facilitator.request.dto';
import { FacilitatorListResponse, FacilitatorResponse } from './facilitator.response.dto';

const present = (f: FacilitatorWithCaseload): FacilitatorResponse => ({
  id: f.id,
  name: f.name,
  service: f.service,
  homeAgency: f.homeAgency,
  accreditation: f.accreditation,
  languages: f.languages,
  region: f.region,
  maxCaseload: f.maxCaseload,
  caseload: f.caseload,
  active: f.active,
  updatedAt: f.updatedAt.toISOString(),
});

/**
 * The facilitators of the caller's RJ service. Its own administrators (`admin` from the agency's
 * issuer: agency-admin) keep the roster; case-workers read it to
 * choose a facilitator by hand when automatic assignment found none.
 */
@ApiTags('conferencing')
@Controller('api/facilitators')
export class FacilitatorsHttpController {
  constructor(
    private readonly directory: FacilitatorDirectory,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @ApiOperation({
    summary: 'List facilitators',
    description: "The facilitators of the caller's RJ service with their current caseload.",
  })
  @ApiOkResponse({ type: FacilitatorListResponse, description: 'The roster, by id.' })
  @Get()
  @Roles('agency-admin', 'case-worker')
  async list(@CurrentPrincipal() principal: Principal): Promise<FacilitatorListResponse> {
    return { facilitators: (await this.directory.ofService(principal.agency)).map(present) };
  }

  @ApiOperation({
    summary: 'Register or change a facilitator',
    description: "Creates the facilitator or replaces their entry in the caller's RJ service's roster.",
  })
  @ApiProblems(404)
  @ApiOkResponse({ type: FacilitatorResponse, description: 'The facilitator as saved.' })
  @Put(':id')
  @Roles('agency-admin')
  async put(
    @Param('id') id: string,
    @Body() body: FacilitatorRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FacilitatorResponse> {
    if (!FACILITATOR_ID.test(id)) {
      throw new InvalidRequest([
        {
          parameter: 'id',
          detail: 'id must be lower-case letters, digits and -, at most 100 characters (e.g. fac-amira)',
        },
      ]);
    }
    // One statement, so two admins saving the same new facilitator at once cannot collide. Ids are
    // the service's own: another service's facilitator of the same id is a different person.
    const saved: unknown[] = await this.dataSource.query(
      `INSERT INTO conferencing.facilitators
         (id, name, service, home_agency, accreditation, languages, region, max_caseload, active, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
       ON CONFLICT (service, id) DO UPDATE SET
         name = EXCLUDED.name, home_agency = EXCLUDED.home_agency, accreditation = EXCLUDED.accreditation,
         languages = EXCLUDED.languages, region = EXCLUDED.region, max_caseload = EXCLUDED.max_caseload,
         active = EXCLUDED.active, updated_at = now()
       RETURNING id`,
      [
        id,
        body.name,
        principal.agency,
        body.homeAgency,
        body.accreditation,
        body.languages,
        body.region,
        body.maxCaseload,
        body.active ?? true,
      ],
    );
    if (saved.length === 0) throw new NotFoundException(`${principal.agency} has no facilitator ${id}`);
    const facilitator = await this.directory.byId(principal.agency, id);
    if (!facilitator) throw new NotFoundException(`${principal.agency} has no facilitator ${id}`);
    return present(facilitator);
  }
}
