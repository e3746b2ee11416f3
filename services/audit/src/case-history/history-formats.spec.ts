import type { HistoryEntry } from './case-history';
import { csvCell, CSV_COLUMNS, toCsv, toNdjson } from './history-formats';

const entry: HistoryEntry = {
  kind: 'event',
  position: '00000000000000000100-00000000000000000001',
  service: 'intake',
  streamId: 'intake.Referral-c',
  streamVersion: 0,
  eventId: 'e1',
  type: 'ReferralDeclined',
  schemaVersion: 1,
  recordedAt: '2026-03-01T10:00:00.000Z',
  occurredAt: '2026-03-01T09:59:00.000Z',
  actor: 'rj-1',
  agency: 'rj-east',
  onBehalfOf: null,
  ruleVersion: null,
  reason: 'out of area, "north"',
  correlationId: 'corr',
  causationId: 'req',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  causedBy: null,
  causes: [],
  data: { reason: 'out of area' },
};

describe('history formats', () => {
  it('quotes CSV cells that need it and disarms spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(3)).toBe('3');
    expect(csvCell(null)).toBe('');
  });

  it('writes a header and one row per event, erasure and read', () => {
    const csv = toCsv([
      entry,
      {
        kind: 'erasure',
        personId: 'p',
        erasedAt: 't',
        erasedBy: 'admin-1',
        agency: 'rj-east',
        reason: 'asked',
        correlationId: null,
      },
      {
        kind: 'access',
        service: 'consent',
        caseId: 'c',
        at: 't2',
        lastAt: 't3',
        reads: 12,
        actor: 'aud-1',
        agency: 'inspectorate',
        roles: ['auditor'],
        endpoint: 'GET x',
        correlationId: 'k',
      },
    ]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(
      'event,00000000000000000100-00000000000000000001,intake,intake.Referral-c,0,e1,ReferralDeclined,1,2026-03-01T10:00:00.000Z,2026-03-01T09:59:00.000Z,rj-1,rj-east,,,"out of area, ""north""",corr,req,4bf92f3577b34da6a3ce929d0e0e4736,,"{""reason"":""out of area""}"',
    );
    expect(lines[2]).toMatch(/^erasure,.*PersonErased,.*admin-1,rj-east,,,asked,/);
    expect(lines[3]).toMatch(/^access,,consent,.*CaseRead,.*aud-1,inspectorate,/);
    expect(lines[3]).toContain('""reads"":12,""lastAt"":""t3""');
  });

  it('writes NDJSON: a summary line, then one line per entry', () => {
    const lines = toNdjson({ caseId: 'c', total: 1 }, [entry]).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as { kind: string })).toEqual([
      { kind: 'summary', caseId: 'c', total: 1 },
      entry,
    ]);
  });
});
