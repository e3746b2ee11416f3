import { Inject, Injectable } from '@nestjs/common';
import type { ResponseDeadline } from '@accord/intake-domain';
import { ServiceConfig } from '@accord/platform';
import { addWorkingDays, parseHolidays, type Holidays } from '@accord/scheduler';
import { AgencyDirectory } from '../../agency/agency-directory';
import type { IntakeConfig } from '../../intake.config';
import { Clock } from '../../intake.clock';

/**
 * Intake's deadlines in working days (weekends and `INTAKE_HOLIDAYS` skipped): the receiving
 * service's response time (its directory entry, else `INTAKE_RESPONSE_WORKING_DAYS`), the
 * escalation after it, and the quiet spell after which a case counts as stalled.
 */
@Injectable()
export class DeadlinePolicy {
  private readonly holidays: Holidays;
  private readonly config: IntakeConfig;

  constructor(
    private readonly directory: AgencyDirectory,
    private readonly clock: Clock,
    @Inject(ServiceConfig) config: ServiceConfig,
  ) {
    this.config = config as IntakeConfig;
    this.holidays = parseHolidays(this.config.INTAKE_HOLIDAYS);
  }

  /** The deadline of a referral to `receivingService` arriving now. */
  async responseDeadline(receivingService: string): Promise<ResponseDeadline> {
    const settings = await this.directory.deadlineSettings(receivingService);
    const respondBy = addWorkingDays(
      this.clock.now(),
      settings?.responseWorkingDays ?? this.config.INTAKE_RESPONSE_WORKING_DAYS,
      this.holidays,
    );
    const escalateAt = addWorkingDays(respondBy, this.config.INTAKE_ESCALATION_WORKING_DAYS, this.holidays);
    return { respondBy: respondBy.toISOString(), escalateAt: escalateAt.toISOString() };
  }

  /** A case last active before this instant is stalled. */
  stalledBefore(): Date {
    return addWorkingDays(this.clock.now(), -this.config.INTAKE_STALLED_WORKING_DAYS, this.holidays);
  }

  /** An undecided referral whose deadline is before this instant is overdue. */
  now(): Date {
    return this.clock.now();
  }
}
