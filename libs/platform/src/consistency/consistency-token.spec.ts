import { globalPositionOf } from '@accord/event-store';
import { formatConsistencyToken, mergeConsistency, parseConsistencyToken } from './consistency-token';

const caseId = '7f3c2a1e-9b8d-4c6f-a2e1-0d9c8b7a6f5e';
const at = (minor: number) => globalPositionOf(100, minor);

describe('consistency tokens', () => {
  it('reads back what it wrote, keeping the latest position of each service and case', () => {
    const token = formatConsistencyToken(
      mergeConsistency(
        [{ service: 'conferencing', caseId, position: at(3) }],
        [
          { service: 'conferencing', caseId, position: at(9) },
          { service: 'consent', caseId, position: at(5) },
        ],
      ),
    );
    expect(token).toBe(`conferencing:${caseId}@${at(9)},consent:${caseId}@${at(5)}`);
    expect(parseConsistencyToken(token)).toEqual({
      ok: true,
      parts: [
        { service: 'conferencing', caseId, position: at(9) },
        { service: 'consent', caseId, position: at(5) },
      ],
    });
  });

  it('takes an empty header as an empty token', () => {
    expect(parseConsistencyToken('')).toEqual({ ok: true, parts: [] });
  });

  it.each([
    ['an unknown service', `billing:${caseId}@${at(1)}`],
    ['no position', `consent:${caseId}`],
    ['a position that is not one', `consent:${caseId}@12`],
    ['anything else', 'hello'],
  ])('refuses %s, without echoing more than a little of it', (_what, header) => {
    const parsed = parseConsistencyToken(`${header}${'x'.repeat(200)}`);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem.length).toBeLessThan(200);
  });

  it('refuses more parts than a session holds', () => {
    const many = Array.from({ length: 65 }, (_, i) => `consent:${caseId}@${at(i)}`).join(',');
    expect(parseConsistencyToken(many).ok).toBe(false);
  });
});
