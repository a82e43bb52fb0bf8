/**
 * Files to upload and the requests that upload them, as the upload tests share them: a PDF and
 * a PNG built byte by byte, a multipart form body, a resource of the knowledge bank to attach a
 * file to, and what a test reads back (a hash, the files left in a folder).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import type { Db } from '../../db/client.ts';
import { resources, vocabTerms } from '../../db/schema/index.ts';
import type { App } from '../../server/app.ts';
import { ORIGIN } from './accounts.ts';

/** A small but complete PDF: catalog, page tree, one page (with a title if given), and a correct cross-reference table. */
export function minimalPdf(title?: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]${title === undefined ? '' : ` /Title (${title})`} >>`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A PNG built chunk by chunk: 8 bits per sample of `colourType` (0 grey, 2 RGB), `pixels` the
 * raw scanlines (each with its filter byte), deflated. The header says what it is told, true or not.
 */
export function png(width: number, height: number, colourType: number, pixels: Buffer): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, colourType, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 1×1 opaque PNG: one green pixel. */
export const minimalPng = (): Buffer => png(1, 1, 2, Buffer.from([0, 0x2e, 0x7d, 0x32]));

/** A multipart form body of files, each part under its own field name. */
export function multipartParts(parts: { name: string; filename: string; type: string; data: Buffer }[]) {
  const boundary = `----minga${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.type}\r\n\r\n`,
      ),
      part.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A multipart form body of one file in the field `file`, as every upload route takes it. */
export const multipart = (data: Buffer, filename = 'foto.jpg', type = 'image/jpeg') => multipartParts([{ name: 'file', filename, type, data }]);

/** One file uploaded as `account` (anonymous when null) from the site's own origin. */
export function uploadFile(
  app: App,
  account: { cookie: string } | null,
  method: 'POST' | 'PUT',
  url: string,
  data: Buffer,
  filename?: string,
  type?: string,
) {
  const body = multipart(data, filename, type);
  return app.inject({
    method,
    url,
    headers: { 'content-type': body.contentType, origin: ORIGIN, ...(account ? { cookie: account.cookie } : {}) },
    payload: body.payload,
  });
}

/** A guide in the knowledge bank to attach a file to (the bank is filled by imports, not by an API); its id. */
export async function insertGuide(db: Db, title: string): Promise<number> {
  await db.insert(vocabTerms).values({ scheme: 'resource_type', code: 'guide', labelEs: 'Guía', labelPt: 'Guia', labelEn: 'Guide' }).onConflictDoNothing();
  const [row] = await db
    .insert(resources)
    .values({ title, type: 'guide', languages: ['es'], authors: [], topics: [], audiences: [] })
    .returning({ id: resources.id });
  return row!.id;
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every entry under a folder, files and folders, relative to it (none when it does not exist). */
export const filesUnder = (folder: string) => (existsSync(folder) ? readdirSync(folder, { recursive: true, encoding: 'utf8' }) : []);
