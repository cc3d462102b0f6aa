import type { Api } from '../../../shared/api';
import type { IngestResult } from '../../../shared/contract';

/** What the file picker offers; the backend still decides what it can read. */
export const ACCEPTED_FILES = '.pdf,.png,.jpg,.jpeg,.tif,.tiff,.xml';

// One call carries at most this much base64, so a folder of scans does not become one request of
// hundreds of megabytes; a single larger file still goes alone.
const BATCH_CHARS = 64 * 1024 * 1024;
// documents.ingest accepts at most 400 million base64 characters per file (about 300 MB of bytes).
const MAX_FILE_BYTES = 290 * 1024 * 1024;

type Encoded = { readonly name: string; readonly data: string };
type Rejected = IngestResult['rejected'][number];

/** A file's bytes as base64, the way documents.ingest carries them. */
export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      // A data URL is `data:<type>;base64,<data>`; the type is the browser's guess and not needed.
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

/** Groups encoded files into calls of bounded size, keeping their order. */
export function batchEncoded(files: readonly Encoded[], limit = BATCH_CHARS): Encoded[][] {
  const batches: Encoded[][] = [];
  let current: Encoded[] = [];
  let size = 0;
  for (const file of files) {
    if (current.length > 0 && (size + file.data.length > limit || current.length >= 500)) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(file);
    size += file.data.length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Reads the files and hands them to `documents.ingest`, in batches. Every file ends up in the
 * result: accepted (perhaps as a duplicate) or rejected with a sentence, including files that could
 * not be read from disk and batches the backend refused as a whole.
 */
export async function ingestFiles(api: Api, files: readonly File[]): Promise<IngestResult> {
  const rejected: Rejected[] = [];
  const encoded: Encoded[] = [];
  for (const file of files) {
    if (file.size > MAX_FILE_BYTES) {
      rejected.push({
        fileName: file.name,
        code: 'FILE.TOO_LARGE',
        message: `${file.name} is larger than 290 MB; split it or scan it at a lower resolution.`,
      });
      continue;
    }
    try {
      encoded.push({ name: file.name, data: await readAsBase64(file) });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      rejected.push({ fileName: file.name, code: 'FILE.UNREADABLE', message: `${file.name} could not be read from disk (${reason}).` });
    }
  }
  const accepted: IngestResult['accepted'][number][] = [];
  for (const batch of batchEncoded(encoded)) {
    const result = await api.documents.ingest({ files: batch });
    if (result.ok) {
      accepted.push(...result.value.accepted);
      rejected.push(...result.value.rejected);
    } else {
      for (const file of batch) rejected.push({ fileName: file.name, code: result.error.code, message: result.error.message });
    }
  }
  return { accepted, rejected };
}

/** True when a drag carries files (not text or a link dragged from the page). */
export const dragHasFiles = (event: { readonly dataTransfer: DataTransfer | null }): boolean =>
  Array.from(event.dataTransfer?.types ?? []).includes('Files');
