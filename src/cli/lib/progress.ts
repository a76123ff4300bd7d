/**
 * Throttled progress lines on stderr for long CLI runs: count, rate and failures.
 */

export interface Progress {
  /** Records one more item done (`failed` when it failed). */
  tick(failed?: boolean): void;
  /** Prints the final line if any progress was shown. */
  done(): void;
}

/**
 * A progress reporter for `total` items that stays silent for the first second and
 * then prints at most one line per `intervalMs` to `stream`.
 */
export function createProgress(
  label: string,
  total: number,
  { intervalMs = 1000, stream = process.stderr }: { intervalMs?: number; stream?: NodeJS.WritableStream & { isTTY?: boolean } } = {},
): Progress {
  const start = performance.now();
  let count = 0;
  let failures = 0;
  let last = start;
  let shown = false;
  const line = (): string => {
    const secs = (performance.now() - start) / 1000;
    const rate = secs > 0 ? Math.round(count / secs) : 0;
    return `${label}: ${count}/${total} (${rate}/s, ${failures} failed)`;
  };
  const print = (final: boolean): void => {
    shown = true;
    if (stream.isTTY) stream.write(`\r${line()}${final ? '\n' : ''}`);
    else stream.write(`${line()}\n`);
  };
  return {
    tick(failed = false) {
      count++;
      if (failed) failures++;
      const now = performance.now();
      if (now - start >= 1000 && now - last >= intervalMs) {
        last = now;
        print(false);
      }
    },
    done() {
      if (shown) print(true);
    },
  };
}
