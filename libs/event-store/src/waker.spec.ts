import { Waker } from './subscription-loop';

const settled = async (promise: Promise<void>): Promise<boolean> => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('Waker', () => {
  it('wakes a sleeper reading the appended streams, and not one reading other streams', async () => {
    const waker = new Waker();
    const intake = waker.sleep(waker.current, 60_000, 'intake.Referral-');
    const screening = waker.sleep(waker.current, 60_000, 'screening.');
    const everything = waker.sleep(waker.current, 60_000);
    waker.wake(['intake.']);
    expect(await settled(intake.promise)).toBe(true);
    expect(await settled(everything.promise)).toBe(true);
    expect(await settled(screening.promise)).toBe(false);
    screening.abort();
  });

  it('an announcement naming no streams wakes every sleeper', async () => {
    const waker = new Waker();
    const screening = waker.sleep(waker.current, 60_000, 'screening.');
    waker.wake();
    expect(await settled(screening.promise)).toBe(true);
  });

  it('does not lose a wake-up that came between the read and the sleep, for the streams it concerns', async () => {
    const waker = new Waker();
    const seen = waker.current;
    waker.wake(['consent.']);
    const consent = waker.sleep(seen, 60_000, 'consent.');
    const intake = waker.sleep(seen, 60_000, 'intake.');
    expect(await settled(consent.promise)).toBe(true);
    expect(await settled(intake.promise)).toBe(false);
    intake.abort();
  });

  it('treats wake-ups it no longer remembers as concerning everyone', async () => {
    const waker = new Waker();
    const seen = waker.current;
    for (let i = 0; i < 100; i++) waker.wake(['consent.']);
    expect(await settled(waker.sleep(seen, 60_000, 'intake.').promise)).toBe(true);
  });
});
