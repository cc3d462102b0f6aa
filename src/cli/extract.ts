import path from 'node:path';
import { fieldsFor } from '../shared/documents';
import type { FieldValue } from '../shared/documents';
import { availableParallelism } from 'node:os';
import type { ErrorCode } from '../shared/errors';
import { sha256Hex } from '../backend/crypto/hash';
import type { ExtractJson } from '../backend/intake/extract-file';
import { workerReader } from '../backend/intake/worker-reader';
import type { WorkerReader } from '../backend/intake/worker-reader';
import { readRegularFile } from '../backend/intake/regular-file';
import { MAX_FILE_BYTES } from '../backend/intake/intake-service';
import { visibleText } from '../shared/visible-text';
import { EXIT } from './output';
import type { Output } from './output';

export type ExtractOptions = {
  /** One JSON object per file, one per line, instead of the readable summary. */
  readonly json: boolean;
  /** OCR workers (default: one per CPU core). */
  readonly workers?: number;
};

/**
 * `quayside extract <files…>`: reads and extracts each file without a workspace. A file that cannot
 * be read gets its errors and the run goes on. Exit 0 when every file was read, 1 when any failed,
 * 2 when there was nothing to do.
 */
export async function runExtract(files: readonly string[], io: Output, options: ExtractOptions): Promise<number> {
  if (files.length === 0) {
    io.err('extract needs at least one file: quayside extract <files…> [--json]');
    return EXIT.failed;
  }
  if (options.workers !== undefined && !(Number.isInteger(options.workers) && options.workers >= 1)) {
    io.err('--workers must be a whole number of at least 1.');
    return EXIT.failed;
  }
  // Files are read by the intake worker under its budgets, as in a workspace: a hostile file ends
  // with its code and the next file is read. One file per OCR engine (one per core, or --workers)
  // is read at once.
  const size = options.workers ?? availableParallelism();
  const reader = workerReader({ ocrWorkers: size });
  // Fields are extracted on a thread of their own, one file's while the next is read: each thread
  // warms up only its own code (pdf.js and OCR there, the extractor here).
  const extractor = workerReader({ ocrWorkers: 1 });
  let failures = 0;
  try {
    // Several files are read at once, so single-page scans keep every OCR worker busy; results are
    // still printed in the order the files were given.
    // A file holding several documents prints one result (one JSON line) per document.
    const pending: Promise<ExtractJson[]>[] = [];
    const print = async (): Promise<void> => {
      const results = await pending.shift()!;
      if (results.some((r) => r.errors.length > 0)) failures += 1;
      for (const result of results) {
        if (options.json) io.out(JSON.stringify(result));
        else describe(result, io, results.length > 1);
      }
    };
    // At most `size` files are being read at once (their pages share the OCR engines, under a time
    // budget per page); more may wait for extraction or printing.
    const reading = limiter(size);
    for (const file of files) {
      pending.push(extractPath(file, { reader, reading, extractor }));
      while (pending.length >= size * 4) await print();
    }
    while (pending.length > 0) await print();
  } finally {
    await Promise.all([reader.close(), extractor.close()]);
  }
  if (!options.json) io.out(`${files.length - failures} of ${files.length} file${files.length === 1 ? '' : 's'} read${failures ? `, ${failures} failed` : ''}.`);
  return failures === 0 ? EXIT.ok : EXIT.problem;
}

/** Runs at most `n` tasks at once, the others in order as places free up. */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: (() => void)[] = [];
  return async (task) => {
    if (running >= n) await new Promise<void>((resolve) => queue.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      running -= 1;
      queue.shift()?.();
    }
  };
}

type Threads = {
  readonly reader: WorkerReader;
  /** Where reads wait their turn. */
  readonly reading: <T>(task: () => Promise<T>) => Promise<T>;
  readonly extractor: WorkerReader;
};

async function extractPath(file: string, { reader, reading, extractor }: Threads): Promise<ExtractJson[]> {
  const failed = (sha256: string, error: { code: ErrorCode; message: string }): ExtractJson[] => [
    { file, sha256, kind: null, kindScore: null, pageRange: null, pages: [], fields: {}, errors: [{ code: error.code, message: error.message }] },
  ];
  // Only regular files, their size checked before a byte is read (a pipe or /dev/zero is refused).
  const held = readRegularFile(file, MAX_FILE_BYTES);
  if (!held.ok) return failed('', held.error);
  const bytes = new Uint8Array(held.value.buffer, held.value.byteOffset, held.value.byteLength);
  const name = path.basename(file);
  let started = 0;
  const read = await reading(() => ((started = Date.now()), reader.readForExtract(bytes, name)));
  if (!read.ok) return failed(sha256Hex(bytes), { code: read.error.code, message: `${name}: ${read.error.message}` });
  if ('results' in read.value) return read.value.results.map((result) => ({ ...result, file }));
  // The document's time covers its extraction too.
  const results = await extractor.extractRead(read.value, { budgetMs: reader.documentMs - (Date.now() - started) });
  if (!results.ok) return failed(read.value.base.sha256, { code: results.error.code, message: `${name}: ${results.error.message}` });
  return results.value.map((result) => ({ ...result, file }));
}

const show = (value: FieldValue): string => (Array.isArray(value) ? value.join(', ') : String(value));

function describe(result: ExtractJson, io: Output, part: boolean): void {
  if (result.errors.length > 0) {
    for (const e of result.errors) io.out(`${visibleText(result.file)}: ${e.code} — ${visibleText(e.message)}`);
    return;
  }
  const methods = [...new Set(result.pages.map((p) => (p.method === 'ocr' ? 'OCR' : 'text layer')))].join(' + ');
  const range = result.pageRange;
  const pages = part && range ? (range.from === range.to ? `page ${range.from}` : `pages ${range.from}–${range.to}`) : `${result.pages.length} page${result.pages.length === 1 ? '' : 's'}`;
  const kind = result.kind === 'bill_of_lading' ? 'bill of lading' : (result.kind ?? 'unknown');
  const xml = result.einvoice;
  const how = xml
    ? `${result.pages.length === 0 ? xml.label : `${pages}, ${methods}, ${xml.label} embedded as ${xml.attachment ?? 'XML'}`}${xml.documentType === 'credit_note' ? ', a credit note (no claim for payment)' : ''}`
    : `${pages}, ${methods}`;
  io.out(`${visibleText(result.file)}: ${kind} (${Math.round((result.kindScore ?? 0) * 100)} %), ${how}`);
  const names = result.kind ? fieldsFor(result.kind) : [];
  const width = Math.max(0, ...names.map((n) => n.length));
  for (const name of names) {
    const field = result.fields[name];
    if (!field) continue;
    const where = field.xmlPath ? `, ${field.xmlPath}` : field.page !== null ? `, page ${field.page}` : '';
    io.out(`  ${name.padEnd(width)}  ${show(field.value)}  (${Math.round(field.confidence * 100)} %${where})`);
  }
}
