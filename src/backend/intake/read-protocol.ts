/** Messages between the UI's thread and the intake worker thread (read-worker.ts). */
import type { PageText } from '../../shared/documents';
import type { ErrorCode } from '../../shared/errors';
import type { SupportedMediaType } from '../text/types';
import type { ExtractJson, ReadForExtract } from './extract-file';
import type { AnalyseRequest, Analysis } from './reader';

export type ReaderSetup = {
  /** OCR engines in the worker (pages of one document read at once); default: one per core. */
  readonly ocrWorkers?: number;
};

export type ToReader =
  | { readonly type: 'read'; readonly seq: number; readonly bytes: Uint8Array; readonly mediaType: SupportedMediaType; readonly donePages: readonly number[] }
  | { readonly type: 'analyse'; readonly seq: number; readonly request: Omit<AnalyseRequest, 'documentId' | 'signal'> }
  /** `quayside extract`: one file read without a workspace, its fields not yet extracted (extract-file.ts). */
  | { readonly type: 'read-for-extract'; readonly seq: number; readonly bytes: Uint8Array; readonly fileName: string }
  /** `quayside extract`: the fields of a file read by 'read-for-extract' (often on another thread). */
  | { readonly type: 'extract-read'; readonly seq: number; readonly read: ReadForExtract }
  | { readonly type: 'cancel'; readonly seq: number };

type Failure = { readonly ok: false; readonly error: { readonly code: ErrorCode; readonly message: string } };

export type FromReader =
  | { readonly type: 'start'; readonly seq: number; readonly total: number }
  | { readonly type: 'page'; readonly seq: number; readonly page: PageText }
  /** A page of a file read for `extract` is done (its words come back with the result). */
  | { readonly type: 'progress'; readonly seq: number; readonly n: number }
  | { readonly type: 'done'; readonly seq: number; readonly result: { readonly ok: true; readonly value: { readonly total: number } | Analysis | readonly ExtractJson[] | ReadForExtract | { readonly results: readonly ExtractJson[] } } | Failure };
