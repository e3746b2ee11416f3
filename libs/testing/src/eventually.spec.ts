import { eventually } from './eventually';

describe('eventually', () => {
  it('returns the first result once the probe stops failing', async () => {
    let calls = 0;
    const result = await eventually(
      () => {
        calls += 1;
        if (calls < 3) throw new Error('not yet');
        return calls;
      },
      { timeout: 1_000, interval: 1 },
    );
    expect(result).toBe(3);
  });

  it('treats `false` as not yet', async () => {
    let calls = 0;
    await expect(eventually(() => ++calls >= 2, { timeout: 1_000, interval: 1 })).resolves.toBe(true);
  });

  it('fails with the last reason after the timeout', async () => {
    await expect(
      eventually(
        () => {
          throw new Error('broker still down');
        },
        { timeout: 30, interval: 5 },
      ),
    ).rejects.toThrow(/not satisfied within 30 ms: broker still down/);
  });
});
