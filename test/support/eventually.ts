/**
 * Reads until `done` holds or `timeoutMs` passes, then returns the last value read: for what
 * another process wrote, which this one shows within its read model's feed poll interval.
 * The caller asserts on the value, so a timeout fails with the data that was there.
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() - started > timeoutMs) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
