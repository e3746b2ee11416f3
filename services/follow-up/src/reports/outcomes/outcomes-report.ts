import { CASE_OUTCOMES, type CaseOutcome } from '@accord/contracts';
import { STAGES, type CaseOutcomeView, type Stage } from './case-outcome.view';

/**
 * Stages follow-up can time, from the events it hears: consents complete (consent), facilitator
 * assigned and conference scheduled (conferencing, first time), conference held (the agreement or
 * no-agreement), closed (its own). Intake, screening and consent durations are not visible here.
 */
export const TIMED_STAGES = {
  consentToFacilitator: ['consentsCompletedAt', 'facilitatorAssignedAt'],
  facilitatorToScheduled: ['facilitatorAssignedAt', 'conferenceScheduledAt'],
  scheduledToHeld: ['conferenceScheduledAt', 'conferenceHeldAt'],
  heldToClosed: ['conferenceHeldAt', 'closedAt'],
  consentToClosed: ['consentsCompletedAt', 'closedAt'],
} as const satisfies Record<string, readonly [keyof CaseOutcomeView, keyof CaseOutcomeView]>;
export type TimedStage = keyof typeof TIMED_STAGES;

export interface AgencyOutcomes {
  referringAgency: string;
  cases: number;
  byStage: Record<Stage, number>;
  byOutcome: Record<CaseOutcome, number>;
  /** Mean days spent in each stage, over the cases that went through it; null when none did. */
  meanDaysInStage: Record<TimedStage, number | null>;
  actions: {
    total: number;
    done: number;
    missed: number;
    everOverdue: number;
    completionRate: number | null;
  };
  checkIns: { recorded: number; meanSatisfaction: number | null; meanFeelingOfSafety: number | null };
}

const DAY_MS = 86_400_000;
const round = (value: number, places: number): number => Math.round(value * 10 ** places) / 10 ** places;
const zeroes = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Per referring agency (`unknown` for cases whose ConsentsComplete follow-up never heard). */
export function summarise(rows: readonly CaseOutcomeView[]): AgencyOutcomes[] {
  const byAgency = new Map<string, CaseOutcomeView[]>();
  for (const row of rows) {
    const agency = row.referringAgency ?? 'unknown';
    byAgency.set(agency, [...(byAgency.get(agency) ?? []), row]);
  }
  return [...byAgency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([referringAgency, cases]) => {
      const byStage = zeroes(STAGES);
      const byOutcome = zeroes(CASE_OUTCOMES);
      for (const c of cases) {
        byStage[c.stage] += 1;
        if (c.outcome) byOutcome[c.outcome] += 1;
      }
      const meanDaysInStage = Object.fromEntries(
        (Object.keys(TIMED_STAGES) as TimedStage[]).map((stage) => {
          const [fromField, toField] = TIMED_STAGES[stage];
          const spans = cases.flatMap((c) => {
            const from = c[fromField];
            const to = c[toField];
            return from instanceof Date && to instanceof Date && to >= from
              ? [(to.getTime() - from.getTime()) / DAY_MS]
              : [];
          });
          return [
            stage,
            spans.length === 0 ? null : round(spans.reduce((a, b) => a + b, 0) / spans.length, 2),
          ];
        }),
      ) as Record<TimedStage, number | null>;
      const sum = (pick: (c: CaseOutcomeView) => number) => cases.reduce((total, c) => total + pick(c), 0);
      const done = sum((c) => c.actionsDone);
      const missed = sum((c) => c.actionsMissed);
      const recorded = sum((c) => c.checkInsRecorded);
      return {
        referringAgency,
        cases: cases.length,
        byStage,
        byOutcome,
        meanDaysInStage,
        actions: {
          total: sum((c) => c.actionsTotal),
          done,
          missed,
          everOverdue: sum((c) => c.actionsOverdue),
          // Among actions whose result is known: open actions neither help nor hurt the rate.
          completionRate: done + missed === 0 ? null : round(done / (done + missed), 3),
        },
        checkIns: {
          recorded,
          meanSatisfaction: recorded === 0 ? null : round(sum((c) => c.satisfactionSum) / recorded, 2),
          meanFeelingOfSafety: recorded === 0 ? null : round(sum((c) => c.feelingOfSafetySum) / recorded, 2),
        },
      };
    });
}

const camel = (kebab: string): string =>
  kebab.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
const cap = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

export const CSV_COLUMNS: readonly string[] = [
  'referringAgency',
  'cases',
  ...STAGES.map((s) => `stage${cap(camel(s))}`),
  ...CASE_OUTCOMES.map((o) => `outcome${cap(camel(o))}`),
  ...(Object.keys(TIMED_STAGES) as TimedStage[]).map((s) => `meanDays${cap(s)}`),
  'actionsTotal',
  'actionsDone',
  'actionsMissed',
  'actionsEverOverdue',
  'actionCompletionRate',
  'checkInsRecorded',
  'meanSatisfaction',
  'meanFeelingOfSafety',
];

/** RFC 4180: quote fields holding a comma, quote or line break; a leading =+-@ is defused for spreadsheets. */
function field(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(agencies: readonly AgencyOutcomes[]): string {
  const lines = agencies.map((a) =>
    [
      a.referringAgency,
      a.cases,
      ...STAGES.map((s) => a.byStage[s]),
      ...CASE_OUTCOMES.map((o) => a.byOutcome[o]),
      ...(Object.keys(TIMED_STAGES) as TimedStage[]).map((s) => a.meanDaysInStage[s]),
      a.actions.total,
      a.actions.done,
      a.actions.missed,
      a.actions.everOverdue,
      a.actions.completionRate,
      a.checkIns.recorded,
      a.checkIns.meanSatisfaction,
      a.checkIns.meanFeelingOfSafety,
    ]
      .map(field)
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}
