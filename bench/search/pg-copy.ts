/**
 * `COPY … FROM STDIN` over node-postgres without pg-copy-streams (not a dependency): a submittable
 * query that answers the server's CopyInResponse with the rows of an async source, in chunks,
 * waiting for the socket to drain so a fast generator cannot fill memory.
 */
import type pg from 'pg';

type Connection = {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
};

/** Rows as COPY text lines (tab-separated, `\N` for null), escaped by `copyLine`. */
export function copyLine(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) line += '\t';
    line += v === null || v === undefined ? '\\N' : escapeCopy(String(v));
  }
  return `${line}\n`;
}

function escapeCopy(s: string): string {
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : s;
}

const CHUNK_BYTES = 256 * 1024;

/** Streams `lines` into `sql` (a `COPY … FROM STDIN`) and resolves with the rows copied. */
export function copyFrom(
  client: pg.Client,
  sql: string,
  lines: AsyncIterable<string> | Iterable<string>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let failed: unknown;
    let rows = 0;
    const submittable = {
      submit(connection: Connection) {
        connection.query(sql);
      },
      async handleCopyInResponse(connection: Connection) {
        try {
          let buf = '';
          for await (const line of lines) {
            buf += line;
            if (buf.length >= CHUNK_BYTES / 3) {
              connection.sendCopyFromChunk(Buffer.from(buf));
              buf = '';
              if (connection.stream.writableNeedDrain) await new Promise((r) => connection.stream.once('drain', r));
            }
          }
          if (buf) connection.sendCopyFromChunk(Buffer.from(buf));
          connection.endCopyFrom();
        } catch (err) {
          failed = err;
          connection.sendCopyFail(String(err));
        }
      },
      handleCommandComplete(msg: { text?: string; command?: string; rowCount?: number }) {
        rows = msg.rowCount ?? Number(msg.text?.split(' ')[1] ?? 0);
      },
      handleError(err: unknown) {
        failed ??= err;
      },
      handleReadyForQuery() {
        if (failed) reject(failed);
        else resolve(rows);
      },
    };
    client.query(submittable as unknown as pg.Submittable);
  });
}
