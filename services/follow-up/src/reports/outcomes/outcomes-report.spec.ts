import type { FollowUpEvent } from '@accord/follow-up-domain';
import { nextOutcomeView, type CaseOutcomeView } from './case-outcome.view';
import { CSV_COLUMNS, summarise, toCsv } from './outcomes-report';

const day = (n: number) => new Date(Date.UTC(2026, 10, 1) + n * 86_400_000).toISOString();

function caseOf(caseId: string, agency: string | null, events: FollowUpEvent[]): CaseOutcomeView {
  const all: FollowUpEvent[] = agency
    ? [
        {
          type: 'CaseRegistered',
          data: {
            caseId,
            referringAgency: agency,
            receivingService: 'rj',
            offenceCategory: 'property',
            consentsCompletedAt: day(0),
          },
        },
        ...events,
      ]
    : events;
  const view = all.reduce<CaseOutcomeView | null>(
    (v, e, i) => nextOutcomeView(v, e, i, new Date(day(i))),
    null,
  );
  if (!view) throw new Error('no view');
  return view;
}

const milestone = (
  caseId: string,
  m: 'facilitator-assigned' | 'conference-scheduled' | 'conference-held',
  n: number,
): FollowUpEvent => ({
  type: 'MilestoneNoted',
  data: { caseId, milestone: m, at: day(n) },
});

describe('outcomes report', () => {
  const completed = caseOf('c1', 'police-north', [
    milestone('c1', 'facilitator-assigned', 2),
    milestone('c1', 'conference-scheduled', 4),
    milestone('c1', 'conference-held', 10),
    {
      type: 'FollowUpStarted',
      data: {
        caseId: 'c1',
        actions: [],
        harmedPersons: [],
        heldAt: day(10),
        checkIns: [],
        startedAt: day(10),
      },
    },
    {
      type: 'ActionResolved',
      data: { caseId: 'c1', actionId: 'a', result: 'done', recordedBy: 'x', resolvedAt: day(12) },
    },
    {
      type: 'ActionResolved',
      data: { caseId: 'c1', actionId: 'b', result: 'missed', recordedBy: 'x', resolvedAt: day(12) },
    },
    { type: 'ActionOverdue', data: { caseId: 'c1', actionId: 'b', dueBy: day(11) } },
    {
      type: 'CheckInRecorded',
      data: {
        caseId: 'c1',
        checkInId: 'k',
        satisfaction: 4,
        feelingOfSafety: 3,
        wellbeingChange: 'better',
        recordedAt: day(24),
      },
    },
    {
      type: 'CheckInRecorded',
      data: {
        caseId: 'c1',
        checkInId: 'l',
        satisfaction: 5,
        feelingOfSafety: 5,
        wellbeingChange: 'same',
        recordedAt: day(90),
      },
    },
    {
      type: 'CaseClosed',
      data: { caseId: 'c1', outcome: 'agreement-partly-completed', closedBy: 'x', closedAt: day(100) },
    },
  ]);
  const halted = caseOf('c2', 'police-north', [
    { type: 'CaseClosed', data: { caseId: 'c2', outcome: 'halted', closedBy: 's', closedAt: day(3) } },
  ]);
  const tracking = caseOf('c3', 'court, "central"', [
    {
      type: 'FollowUpStarted',
      data: { caseId: 'c3', actions: [], harmedPersons: [], heldAt: day(1), checkIns: [], startedAt: day(1) },
    },
  ]);
  const unknown = caseOf('c4', null, [
    { type: 'CaseClosed', data: { caseId: 'c4', outcome: 'no-agreement', closedBy: 's', closedAt: day(3) } },
  ]);

  it('counts stages and outcomes, times each stage and scores check-ins, per referring agency', () => {
    const [court, police, other] = summarise([completed, halted, tracking, unknown]);
    expect(police).toEqual({
      referringAgency: 'police-north',
      cases: 2,
      byStage: { 'awaiting-agreement': 0, 'follow-up': 0, closed: 2 },
      byOutcome: {
        'agreement-completed': 0,
        'agreement-partly-completed': 1,
        'no-agreement': 0,
        halted: 1,
        'closed-by-decision': 0,
      },
      meanDaysInStage: {
        consentToFacilitator: 2,
        facilitatorToScheduled: 2,
        scheduledToHeld: 6,
        heldToClosed: 90,
        consentToClosed: 51.5,
      },
      actions: { total: 0, done: 1, missed: 1, everOverdue: 1, completionRate: 0.5 },
      checkIns: { recorded: 2, meanSatisfaction: 4.5, meanFeelingOfSafety: 4 },
    });
    expect(court).toMatchObject({
      referringAgency: 'court, "central"',
      byStage: { 'follow-up': 1 },
      actions: { completionRate: null },
    });
    expect(other).toMatchObject({ referringAgency: 'unknown', byOutcome: { 'no-agreement': 1 } });
  });

  it('writes CSV with a header row and quotes what needs quoting', () => {
    const csv = toCsv(summarise([completed, tracking]));
    const [header, first, second] = csv.split('\r\n');
    expect(header).toBe(CSV_COLUMNS.join(','));
    expect(header).toContain('outcomeAgreementPartlyCompleted');
    expect(first?.startsWith('"court, ""central""",1,0,1,0,')).toBe(true);
    expect(second?.split(',')).toHaveLength(CSV_COLUMNS.length);
    expect(toCsv([])).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});
