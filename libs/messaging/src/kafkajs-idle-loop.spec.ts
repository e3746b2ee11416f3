import {
  installedKafkajsVersion,
  kafkajsRequestQueue,
  PATCHED_KAFKAJS_VERSION,
  scheduleCheckPendingRequests,
  stopKafkajsIdleLoop,
  type KafkajsRequestQueue,
} from './kafkajs-idle-loop';

/** kafkajs's own method, kept before any test replaces it. */
const releasedSchedule = kafkajsRequestQueue().prototype.scheduleCheckPendingRequests;

const quietLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function queue(): KafkajsRequestQueue {
  const RequestQueue = kafkajsRequestQueue();
  return new RequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 'spec',
    broker: 'localhost:9092',
    logger: quietLogger,
  });
}

describe('the kafkajs idle loop', () => {
  afterEach(() => jest.useRealTimers());

  it('is written for the kafkajs installed: an upgrade must look at RequestQueue again', () => {
    expect(installedKafkajsVersion()).toBe(PATCHED_KAFKAJS_VERSION);
  });

  it('spins in kafkajs as released: with nothing waiting it checks again and again, every millisecond', () => {
    jest.useFakeTimers();
    const released = queue();
    released.scheduleCheckPendingRequests = releasedSchedule;
    let checks = 0;
    const check = released.checkPendingRequests.bind(released);
    released.checkPendingRequests = () => {
      checks++;
      check();
    };
    released.checkPendingRequests();
    jest.advanceTimersByTime(50);
    expect(releasedSchedule).not.toBe(scheduleCheckPendingRequests);
    expect(checks).toBeGreaterThan(40);
    if (released.throttleCheckTimeoutId) clearTimeout(released.throttleCheckTimeoutId);
  });

  it('once replaced, sets no timer with nothing waiting and no throttle', () => {
    expect(stopKafkajsIdleLoop()).toBe(true);
    jest.useFakeTimers();
    const patched = queue();
    let checks = 0;
    const check = patched.checkPendingRequests.bind(patched);
    patched.checkPendingRequests = () => {
      checks++;
      check();
    };
    patched.checkPendingRequests();
    jest.advanceTimersByTime(1_000);
    expect(checks).toBe(1);
    expect(patched.throttleCheckTimeoutId).toBeNull();
  });

  it('still looks again at requests waiting to be sent, and at the end of a throttle', () => {
    stopKafkajsIdleLoop();
    jest.useFakeTimers();
    const waiting = queue();
    const checked = jest.fn();
    waiting.checkPendingRequests = checked;
    waiting.pending.push({});
    waiting.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(9);
    expect(checked).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(checked).toHaveBeenCalledTimes(1);

    const throttled = queue();
    const afterThrottle = jest.fn();
    throttled.checkPendingRequests = afterThrottle;
    throttled.throttledUntil = Date.now() + 500;
    throttled.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(499);
    expect(afterThrottle).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(afterThrottle).toHaveBeenCalledTimes(1);
  });
});
