import { EventStoreConfigError } from './errors';
import { UpcasterRegistry } from './upcasting';

describe('UpcasterRegistry', () => {
  const registry = new UpcasterRegistry([
    {
      type: 'ReferralReceived',
      fromSchemaVersion: 1,
      upcast: (data) => ({ schemaVersion: 2, data: { ...data, channel: 'unknown' } }),
    },
    {
      type: 'ReferralReceived',
      fromSchemaVersion: 2,
      upcast: ({ referrer, ...rest }) => ({ schemaVersion: 3, data: { ...rest, referringAgency: referrer } }),
    },
  ]);

  it('chains upcasters from the stored version to the latest', () => {
    expect(registry.upcast('ReferralReceived', 1, { referrer: 'police' })).toEqual({
      schemaVersion: 3,
      data: { channel: 'unknown', referringAgency: 'police' },
    });
    expect(registry.upcast('ReferralReceived', 2, { referrer: 'court', channel: 'web' })).toEqual({
      schemaVersion: 3,
      data: { channel: 'web', referringAgency: 'court' },
    });
  });

  it('leaves the latest version and unknown types alone', () => {
    const data = { referringAgency: 'probation' };
    expect(registry.upcast('ReferralReceived', 3, data)).toEqual({ schemaVersion: 3, data });
    expect(registry.upcast('SomethingElse', 1, data)).toEqual({ schemaVersion: 1, data });
    expect(registry.handles('SomethingElse')).toBe(false);
  });

  it('refuses two upcasters for one version, and an upcaster that does not move forward', () => {
    expect(() =>
      registry.register({
        type: 'ReferralReceived',
        fromSchemaVersion: 1,
        upcast: (data) => ({ schemaVersion: 2, data }),
      }),
    ).toThrow(EventStoreConfigError);
    const stuck = new UpcasterRegistry([
      { type: 'Loop', fromSchemaVersion: 1, upcast: (data) => ({ schemaVersion: 1, data }) },
    ]);
    expect(() => stuck.upcast('Loop', 1, {})).toThrow(/must move to a later version/);
  });
});
