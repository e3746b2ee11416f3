/**
 * The error `run` throws, which must be a `type`: anything else it throws fails the test as it is,
 * and throwing nothing fails it too.
 */
export function thrownBy<E extends Error>(run: () => unknown, type: abstract new (...args: never[]) => E): E {
  try {
    run();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected ${type.name}, but nothing was thrown`);
}
