import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectEventStore, type EventStore } from '@accord/event-store';
import { Roles } from '@accord/platform';
import { logVerification, verifyCase } from './case-verify';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor', 'admin')
@Controller('api')
export class VerifyHttpController {
  constructor(@InjectEventStore() private readonly store: EventStore) {}

  /** The hash chain of every stream of the case, and the seal over it. */
  @Get('cases/:caseId/verify')
  verifyCase(@Param('caseId', new ParseUUIDPipe()) caseId: string) {
    return verifyCase(this.store, caseId);
  }

  /**
   * The whole log in one consistent snapshot: every stream's chain, the global seal (removed or
   * re-inserted streams) and the signed seal checkpoints.
   */
  @Get('audit/verify')
  async verifyAll() {
    return logVerification(await this.store.verifyAll());
  }
}
