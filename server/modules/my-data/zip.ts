import { createWriteStream } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';

/**
 * A ZIP written straight into a file with yazl, never held in memory: yazl takes its entries
 * one after another, so each entry here is handed over only when yazl reaches it (a lazy
 * stream), and the writer waits for that before the next one. At most one entry's data is
 * in flight, whatever the size of the export.
 */
export class ZipFileWriter {
  private readonly zip = new yazl.ZipFile();
  private readonly output;
  private readonly done: Promise<void>;

  constructor(path: string) {
    this.output = createWriteStream(path, { mode: 0o600 });
    this.done = finished(this.zip.outputStream.pipe(this.output));
    // An aborted export (its process stops, or no longer runs the scheduled work) destroys the
    // file under it: that rejection is expected, and `close` still sees it when it waits.
    void this.done.catch(() => {});
  }

  /** Adds one file and resolves once yazl has started on it (everything before it is written). */
  file(path: string, content: string | Buffer): Promise<void> {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    return new Promise((resolve) => {
      this.zip.addReadStreamLazy(path, { mtime: new Date(), size: bytes.length }, (cb) => {
        resolve();
        cb(null, Readable.from([bytes]));
      });
    });
  }

  /**
   * A file written in pieces (a JSON array page by page): `write` waits while the ZIP behind it
   * is busy, `end` closes the entry.
   */
  async stream(path: string): Promise<{ write(text: string): Promise<void>; end(): Promise<void> }> {
    const entry = new PassThrough();
    await new Promise<void>((resolve) => {
      this.zip.addReadStreamLazy(path, { mtime: new Date() }, (cb) => {
        resolve();
        cb(null, entry);
      });
    });
    return {
      write: async (text) => {
        if (!entry.write(text)) await new Promise<void>((resolve) => entry.once('drain', resolve));
      },
      end: async () => {
        entry.end();
        await finished(entry);
      },
    };
  }

  /** Ends the archive and waits until the file is fully written. */
  async close(): Promise<void> {
    this.zip.end();
    await this.done;
  }

  /** Stops writing (a failed export): the caller removes the partial file. */
  abort(): void {
    this.output.destroy();
  }
}
