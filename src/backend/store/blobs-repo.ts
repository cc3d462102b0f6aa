import type { Database } from '../db/database';
import { putBlob } from './blob-store';

/** `repaired`: the stored copy no longer held these bytes (altered or lost) and was written again. */
export type StoredBlob = { readonly sha256: string; readonly size: number; readonly existed: boolean; readonly repaired: boolean };

/**
 * Stores bytes in the blob store and indexes them. The file is durable before its row is written,
 * so a crash can leave an unindexed file (harmless, content-addressed) but never a row without a
 * file. Run it inside the transaction that also records why the bytes were stored.
 */
export function storeBlob(db: Database, blobsDir: string, bytes: Uint8Array, mediaType: string, at: string): StoredBlob {
  const put = putBlob(blobsDir, bytes);
  const inserted = db
    .prepare('INSERT INTO blobs (sha256, size, media_type, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING')
    .run(put.sha256, put.size, mediaType, at);
  const indexed = inserted.changes === 0;
  // Indexed but its file had to be written: the stored copy was lost (deleted), not only altered.
  return { ...put, existed: indexed, repaired: put.repaired || (indexed && !put.existed) };
}

/** Every indexed blob's hash, for integrity sweeps. */
export const listBlobHashes = (db: Database): string[] => db.prepare('SELECT sha256 FROM blobs ORDER BY sha256').pluck().all() as string[];
