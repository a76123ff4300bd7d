/**
 * Worker thread of the parse pool: parses the files it is sent, one message per file.
 */
import { parentPort } from 'node:worker_threads';
import { parseFile } from './parse-file.ts';

parentPort?.on('message', (job: { id: number; path: string; source: string }) => {
  void parseFile(job.path, job.source).then((outcome) => parentPort?.postMessage({ id: job.id, outcome }));
});
