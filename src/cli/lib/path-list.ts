/**
 * A list of file paths kept as UTF-8 bytes off the JS heap, for runs over a million files.
 *
 * Every object an ingest keeps for the whole run slows each garbage collection of the
 * parser's short-lived objects: with the ~590 bytes a file it used to keep (the path, a
 * [path, source] pair, the run's map entry), a 100k ingest took 23 % more CPU beside the
 * heap a 1M run builds up. Here the paths are two objects, whatever their number.
 */
export class PathList {
  private constructor(
    private readonly bytes: Buffer,
    /** Start of path i at `ends[i - 1]` (0 for the first), end at `ends[i]`. */
    private readonly ends: Uint32Array,
  ) {}

  /** The paths, in the order given. */
  static of(paths: readonly string[]): PathList {
    const ends = new Uint32Array(paths.length);
    let size = 0;
    for (let i = 0; i < paths.length; i++) {
      size += Buffer.byteLength(paths[i]!);
      if (size > 0xffffffff) throw new RangeError(`${paths.length} paths: over 4 GB of path names`);
      ends[i] = size;
    }
    const bytes = Buffer.allocUnsafeSlow(size);
    for (let i = 0; i < paths.length; i++) bytes.write(paths[i]!, i === 0 ? 0 : ends[i - 1]!);
    return new PathList(bytes, ends);
  }

  get length(): number {
    return this.ends.length;
  }

  /** Path `index`; throws outside the list. */
  at(index: number): string {
    if (!(index >= 0 && index < this.ends.length)) throw new RangeError(`path ${index} of ${this.ends.length}`);
    return this.bytes.toString('utf8', index === 0 ? 0 : this.ends[index - 1]!, this.ends[index]!);
  }
}
