import type { CaseService } from '../case/case-streams';
import { foldConferencing } from './conferencing.fold';
import { foldConsent } from './consent.fold';
import type { FoldEvent } from './fold-event';
import { foldFollowUp } from './follow-up.fold';
import { foldIntake } from './intake.fold';
import { foldScreening } from './screening.fold';

/** One fold per stream type: audit's own reading of each service's events, not the services' code. */
export const CASE_FOLDS: { readonly [S in CaseService]: (events: readonly FoldEvent[]) => object | null } = {
  intake: foldIntake,
  screening: foldScreening,
  consent: foldConsent,
  conferencing: foldConferencing,
  'follow-up': foldFollowUp,
};

export interface StreamEvents {
  readonly service: CaseService;
  readonly streamId: string;
  readonly events: readonly (FoldEvent & { readonly streamVersion: number })[];
}

/** Where a service's view was read from: which stream, up to which version. */
export interface StreamPoint {
  readonly streamId: string;
  readonly version: number;
  readonly lastRecordedAt: string;
}

export type ServiceView = ({ readonly stream: StreamPoint } & object) | null;

/** The case as every service saw it, from each stream's events up to some moment. */
export function caseStateOf(streams: readonly StreamEvents[]): Record<CaseService, ServiceView> {
  const services = {} as Record<CaseService, ServiceView>;
  for (const { service, streamId, events } of streams) {
    const view = CASE_FOLDS[service](events);
    const last = events[events.length - 1];
    services[service] =
      view && last
        ? { stream: { streamId, version: last.streamVersion, lastRecordedAt: last.recordedAt }, ...view }
        : null;
  }
  return services;
}
