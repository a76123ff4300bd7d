/**
 * Parses many report files, in-process or on worker threads; outcomes come back in the
 * order of the paths. Workers are opt-in: on the 2-core project machine under load they
 * were slower than in-process (each worker loads tsx, the parser and the region tables).
 */
import { Worker } from 'node:worker_threads';
import type { ParseOutcome } from '../../report/record.ts';
import { isFailure } from '../../report/record.ts';
import { parseFile } from './parse-file.ts';

export interface ParseAllOptions {
  /** Worker threads (default 0 = in-process). */
  workers?: number;
  /** Called as each file is done. */
  onDone?: (failed: boolean) => void;
}

/** A parse worker; the TypeScript worker module is loaded through tsx, as the CLI itself is. */
function startWorker(): Worker {
  const script = new URL('./parse-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(script)}); })`;
  return new Worker(boot, { eval: true });
}

/** The parse outcome of every `[path, source]`, in order. */
export async function parseAll(files: readonly (readonly [path: string, source: string])[], options: ParseAllOptions = {}): Promise<ParseOutcome[]> {
  const workers = options.workers ?? 0;
  if (workers <= 1) {
    const out: ParseOutcome[] = [];
    for (const [path, source] of files) {
      const outcome = await parseFile(path, source);
      options.onDone?.(isFailure(outcome));
      out.push(outcome);
    }
    return out;
  }
  const results = new Array<ParseOutcome | undefined>(files.length);
  let next = 0;
  const pool = Array.from({ length: Math.min(workers, files.length) }, startWorker);
  try {
    await Promise.all(pool.map((worker) => new Promise<void>((resolve, reject) => {
      let inFlight = 0;
      const send = (): void => {
        // Two files in flight per worker keep it busy while the main thread collects results.
        while (inFlight < 2 && next < files.length) {
          const id = next++;
          const [path, source] = files[id]!;
          worker.postMessage({ id, path, source });
          inFlight++;
        }
        if (inFlight === 0) resolve();
      };
      worker.on('message', (msg: { id: number; outcome: ParseOutcome }) => {
        results[msg.id] = msg.outcome;
        inFlight--;
        options.onDone?.(isFailure(msg.outcome));
        send();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => { if (inFlight > 0) reject(new Error(`parse worker exited with code ${code}`)); });
      send();
    })));
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results.map((r, i) => r ?? { source: files[i]![1], error: 'not parsed' });
}
