import type { Principal } from '@accord/platform';
import type { AccessEntry, AccessLog } from '../access-log/access-log';
import { caseAgencies, caseNotFound, historyViewFor, type HistoryView } from '../case/case-access';
import type { CaseReader } from '../case/case-reader';
import type { ErasureRecord, ErasureRecords } from '../erasure/erasure-records';
import {
  filterHistory,
  historyOf,
  pageOf,
  uuidsIn,
  type HistoryEntry,
  type HistoryFilter,
} from './case-history';
import { personalFieldRules, withholdPersonalData } from './personal-fields';

export const HISTORY_ENDPOINT = 'GET /api/cases/:caseId/history';

export interface HistoryRequest {
  readonly caseId: string;
  readonly principal: Principal;
  readonly filter: HistoryFilter;
  readonly page: number;
  readonly pageSize: number;
  readonly correlationId: string | null;
  /** Recorded in the access log; the CLI names itself. */
  readonly endpoint?: string;
}

export interface HistoryResult {
  readonly caseId: string;
  /** `full`: personal data included (and this read logged); `withheld`: without it. */
  readonly view: HistoryView;
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly pages: number;
  readonly entries: HistoryEntry[];
  /** Erasures of people in this case (full view only). */
  readonly erasures: ErasureRecord[];
  /** Reads of this case's personal data, this one included (full view only). */
  readonly accessLog: AccessEntry[];
}

/** A case's history across every service, as one caller may see it. */
export class CaseHistoryQuery {
  private readonly rules = personalFieldRules();

  constructor(
    private readonly reader: CaseReader,
    private readonly accessLog: AccessLog,
    private readonly erasures: ErasureRecords,
  ) {}

  async history(request: HistoryRequest): Promise<HistoryResult> {
    const { caseId, principal } = request;
    const events = await this.reader.events(caseId);
    if (events.length === 0) throw caseNotFound(caseId);
    const view = historyViewFor(principal, caseId, caseAgencies(events));
    if (view === 'full') {
      // Logged before anything is returned: a read that fails half-way still counts as a read.
      await this.accessLog.record({
        caseId,
        principal,
        endpoint: request.endpoint ?? HISTORY_ENDPOINT,
        correlationId: request.correlationId,
      });
    }
    const all = historyOf(events);
    const shown =
      view === 'full'
        ? all
        : all.map((entry) => ({ ...entry, data: withholdPersonalData(entry.type, entry.data, this.rules) }));
    const page = pageOf(filterHistory(shown, request.filter), request.page, request.pageSize);
    const [erasures, accessLog] =
      view === 'full'
        ? await Promise.all([
            this.erasures.forPersons(uuidsIn(events.map((event) => event.data))),
            this.accessLog.forCase(caseId),
          ])
        : [[], []];
    return {
      caseId,
      view,
      total: page.total,
      page: page.page,
      pageSize: page.pageSize,
      pages: page.pages,
      entries: page.items,
      erasures,
      accessLog,
    };
  }
}
