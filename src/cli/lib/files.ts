/**
 * Finding and reading report files for the CLI commands.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';

/** Extensions of report files picked up when walking a folder. */
export const REPORT_EXTENSIONS = ['.txt', '.html', '.htm'] as const;

/** Largest report file read (20 MB); bigger files are refused before reading. */
export const MAX_REPORT_BYTES = 20 * 1024 * 1024;

/**
 * Every report file under the given files and folders, sorted: folders are walked
 * recursively for .txt/.html/.htm (hidden entries skipped); files named explicitly are
 * kept whatever their extension. Throws naming a path that does not exist.
 */
export async function listReportFiles(inputs: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const path = join(dir, e.name);
      if (e.isDirectory()) await walk(path);
      else if (e.isFile() && (REPORT_EXTENSIONS as readonly string[]).includes(extname(e.name).toLowerCase())) found.add(path);
    }
  }
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (!info) throw new Error(`${input}: no such file or folder`);
    if (info.isDirectory()) await walk(input);
    else found.add(input);
  }
  return [...found].sort();
}

/** A report file's bytes and their sha256, or why it could not be read. */
export type ReadReportResult = { bytes: Uint8Array; sha256: string } | { error: string };

/**
 * Reads one report file, refusing files over MAX_REPORT_BYTES without reading them.
 * Synchronous I/O on purpose: files are read one after another, and the promise API's
 * round trips cost more than the reads themselves. One open, one fstat, one read: a
 * separate stat by path cost as much as the read on the project machine.
 */
export async function readReportFile(path: string, maxBytes: number = MAX_REPORT_BYTES): Promise<ReadReportResult> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return { error: `cannot read: ${(error as Error).message}` };
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { error: 'not a regular file' };
    if (info.size > maxBytes) {
      return { error: `file is ${(info.size / 1024 / 1024).toFixed(1)} MB, over the ${(maxBytes / 1024 / 1024).toFixed(0)} MB limit for a report` };
    }
    const bytes = new Uint8Array(info.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, null);
      if (n === 0) break;
      read += n;
    }
    const content = read === bytes.length ? bytes : bytes.subarray(0, read);
    return { bytes: content, sha256: sha256Hex(content) };
  } catch (error) {
    return { error: `cannot read: ${(error as Error).message}` };
  } finally {
    closeSync(fd);
  }
}

/** Hex sha256 of some bytes. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A path as stored in the dataset: relative to the working directory, with `/` separators. */
export function sourceName(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, path);
  const name = rel.startsWith('..') ? path : rel;
  return name.split(sep).join('/');
}
