import { Inject, Injectable } from '@nestjs/common';
import type { CaseProfile, CommandMetadata } from '@accord/contracts';
import { CommandRunner, ServiceConfig } from '@accord/platform';
import type { ScreenCase, screeningDecider } from '@accord/screening-domain';
import type { ScreeningConfig } from '../../screening.config';

export interface ScreenCaseRequest {
  readonly caseId: string;
  readonly profile: CaseProfile;
  readonly trigger: ScreenCase['data']['trigger'];
  readonly amendment?: ScreenCase['data']['amendment'];
  readonly metadata: CommandMetadata;
}

/** Screens a case under the rule set in force now (its version goes into the events' metadata too). */
@Injectable()
export class ScreenCaseHandler {
  constructor(
    private readonly runner: CommandRunner<typeof screeningDecider>,
    @Inject(ServiceConfig) private readonly config: ScreeningConfig,
  ) {}

  async handle(request: ScreenCaseRequest): Promise<void> {
    const { caseId, trigger, amendment, metadata } = request;
    const ruleSetVersion = this.config.SCREENING_RULE_SET_VERSION;
    // The payload arrives as validated class instances; the log keeps plain JSON.
    const profile = JSON.parse(JSON.stringify(request.profile)) as CaseProfile;
    await this.runner.run({
      type: 'ScreenCase',
      data: { caseId, profile, trigger, ...(amendment ? { amendment } : {}), ruleSetVersion },
      metadata: { ...metadata, ruleVersion: ruleSetVersion },
    });
  }
}
