import { nextTraceparent } from './correlation.middleware';

describe('nextTraceparent', () => {
  it("continues the caller's trace with a new span", () => {
    const incoming = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const next = nextTraceparent(incoming);
    expect(next).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(next).not.toBe(incoming);
  });

  it('starts a trace when there is none or it is malformed', () => {
    for (const incoming of [undefined, 'garbage', '01-xyz']) {
      expect(nextTraceparent(incoming)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    }
  });
});
