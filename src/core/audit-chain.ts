import { canonicalJson } from './canonical-json';
import type { AuditEntry, AuditVerification } from '../shared/model';

/** The prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export type UnsealedEntry = Omit<AuditEntry, 'hash'>;

/** The exact text that is hashed for an entry: every field including prev_hash, in canonical JSON. */
export function auditEntryPayload(entry: UnsealedEntry): string {
  return canonicalJson({
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId,
    details: entry.details,
    prev_hash: entry.prevHash,
  });
}

/** Seals an entry: computes its hash with the hash function the caller supplies (SHA-256 hex). */
export function sealEntry(entry: UnsealedEntry, sha256Hex: (text: string) => string): AuditEntry {
  return { ...entry, hash: sha256Hex(auditEntryPayload(entry)) };
}

/** The head the workspace records beside the chain, so that cutting entries off the end shows. */
export type ChainHead = { readonly seq: number; readonly hash: string };

/**
 * Recomputes the chain in stored order and names the first entry that does not hold:
 * - `edited`: its content no longer matches its own hash;
 * - `deleted`: a sequence number is missing (the entry after the gap is named);
 * - `reordered`: sequence numbers go backwards, or an entry's prev_hash names another entry's hash;
 * - `truncated`: entries were cut from the end (the recorded head is past the last entry).
 */
export function verifyChain(
  entries: Iterable<AuditEntry>,
  sha256Hex: (text: string) => string,
  head: ChainHead | null,
  onProgress?: (done: number) => void,
): AuditVerification {
  const iterator = entries[Symbol.iterator]();
  try {
    return walk(iterator, sha256Hex, head, onProgress);
  } finally {
    // Stop the source (e.g. an open SQLite statement) when the walk ends early.
    iterator.return?.();
  }
}

function walk(
  iterator: Iterator<AuditEntry>,
  sha256Hex: (text: string) => string,
  head: ChainHead | null,
  onProgress?: (done: number) => void,
): AuditVerification {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  const seen = new Set<string>();
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    const entry = next.value;
    count += 1;
    if (onProgress && count % 1000 === 0) onProgress(count);
    const broken = (kind: 'edited' | 'deleted' | 'reordered', reason: string): AuditVerification => ({
      intact: false,
      entries: count,
      firstBroken: { seq: entry.seq, kind, reason },
    });
    if (entry.seq < expectedSeq) {
      return broken('reordered', `Entry ${entry.seq} comes after entry ${expectedSeq - 1}.`);
    }
    if (entry.seq > expectedSeq) {
      // A gap is a deletion unless the missing entry turns up further on (then the order changed).
      const missingSeq = expectedSeq;
      let later = false;
      for (let rest = iterator.next(); !rest.done; rest = iterator.next()) {
        count += 1;
        if (rest.value.seq === missingSeq) later = true;
      }
      if (later) return broken('reordered', `Entry ${entry.seq} stands where entry ${missingSeq} should be: entries were reordered.`);
      const missing = entry.seq - missingSeq === 1 ? `entry ${missingSeq} is` : `entries ${missingSeq}–${entry.seq - 1} are`;
      return broken('deleted', `The chain jumps to entry ${entry.seq}: ${missing} missing.`);
    }
    if (sha256Hex(auditEntryPayload(entry)) !== entry.hash) {
      const movedFrom = originalSeq(entry, sha256Hex);
      return movedFrom === undefined
        ? broken('edited', `Entry ${entry.seq} (${entry.action}) no longer matches its hash: its content was changed.`)
        : broken('reordered', `Entry ${entry.seq} holds the content of entry ${movedFrom}: entries were reordered.`);
    }
    if (entry.prevHash !== prevHash) {
      const kind = seen.has(entry.prevHash) ? 'reordered' : 'edited';
      return broken(
        kind,
        kind === 'reordered'
          ? `Entry ${entry.seq} links to an earlier entry than the one before it: entries were reordered.`
          : `Entry ${entry.seq} does not link to entry ${entry.seq - 1}: one of them was replaced.`,
      );
    }
    seen.add(entry.hash);
    prevHash = entry.hash;
    expectedSeq += 1;
  }
  if (head && (head.seq !== count || head.hash !== prevHash)) {
    if (head.seq > count) {
      return {
        intact: false,
        entries: count,
        firstBroken: {
          seq: count + 1,
          kind: 'truncated',
          reason: `The workspace recorded ${head.seq} entries but only ${count} remain: entries ${count + 1}–${head.seq} were deleted.`,
        },
      };
    }
    return {
      intact: false,
      entries: count,
      firstBroken: {
        seq: Math.min(head.seq + 1, count),
        kind: 'edited',
        reason: `The recorded head (entry ${head.seq}) does not match the chain's last entry ${count}: entries were added or changed outside Quayside.`,
      },
    };
  }
  return { intact: true, entries: count, headHash: prevHash };
}

// An entry whose content was moved to another row still hashes correctly under its old number.
// Looking nearby costs a few hashes, and only once a chain is already known to be broken.
function originalSeq(entry: AuditEntry, sha256Hex: (text: string) => string): number | undefined {
  for (let distance = 1; distance <= 1000; distance += 1) {
    for (const seq of [entry.seq + distance, entry.seq - distance]) {
      if (seq >= 1 && sha256Hex(auditEntryPayload({ ...entry, seq })) === entry.hash) return seq;
    }
  }
  return undefined;
}
