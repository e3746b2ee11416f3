import { Expose } from 'class-transformer';
import { IsIn } from 'class-validator';
import { ServiceConfig } from '@accord/platform';
import { CURRENT_RULE_SET_VERSION, RULE_SET_VERSIONS } from '@accord/screening-domain';

export class ScreeningConfig extends ServiceConfig {
  /** The rule set new screenings run under; earlier sets stay available to explain past decisions. */
  @Expose()
  @IsIn(RULE_SET_VERSIONS, { message: `must be a known rule set: ${RULE_SET_VERSIONS.join(', ')}` })
  SCREENING_RULE_SET_VERSION: string = CURRENT_RULE_SET_VERSION;
}
