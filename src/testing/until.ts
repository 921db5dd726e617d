/** Polls `probe` every 200 ms until it gives a value (not null); fails after `timeoutMs`. */
export async function until<T>(probe: () => Promise<T | null>, timeoutMs = 120_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}
