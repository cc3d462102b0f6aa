import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, auditEntryPayload, sealEntry, verifyChain } from '../../../src/core/audit-chain';
import type { AuditEntry } from '../../../src/shared/model';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

const chain = (n: number): AuditEntry[] => {
  const entries: AuditEntry[] = [];
  for (let seq = 1; seq <= n; seq += 1) {
    entries.push(
      sealEntry(
        {
          seq,
          at: `2026-01-01T00:00:${String(seq).padStart(2, '0')}.000Z`,
          actor: seq === 1 ? 'system' : 'prf_ana',
          action: seq === 1 ? 'workspace.created' : 'profile.created',
          entity: 'profile',
          entityId: `prf_${seq}`,
          details: { n: seq },
          prevHash: entries.at(-1)?.hash ?? GENESIS_HASH,
        },
        sha,
      ),
    );
  }
  return entries;
};

const headOf = (entries: AuditEntry[]) => ({ seq: entries.length, hash: entries.at(-1)?.hash ?? GENESIS_HASH });

describe('audit chain', () => {
  it('hashes every field including prev_hash', () => {
    const [first] = chain(1);
    expect(first?.hash).toBe(sha(auditEntryPayload(first!)));
    expect(auditEntryPayload(first!)).toContain(`"prev_hash":"${GENESIS_HASH}"`);
    expect(sealEntry({ ...first!, prevHash: 'f'.repeat(64) }, sha).hash).not.toBe(first?.hash);
  });

  it('accepts an intact chain and an empty one', () => {
    const entries = chain(5);
    expect(verifyChain(entries, sha, headOf(entries))).toEqual({ intact: true, entries: 5, headHash: entries[4]?.hash });
    expect(verifyChain([], sha, null)).toEqual({ intact: true, entries: 0, headHash: GENESIS_HASH });
  });

  it.each([
    ['edited details', (e: AuditEntry[]) => e.map((x) => (x.seq === 3 ? { ...x, details: { n: 99 } } : x)), 3, 'edited'],
    ['edited actor', (e: AuditEntry[]) => e.map((x) => (x.seq === 2 ? { ...x, actor: 'prf_eve' } : x)), 2, 'edited'],
    ['resealed entry (hash recomputed)', (e: AuditEntry[]) => e.map((x) => (x.seq === 2 ? sealEntry({ ...x, details: { n: 7 } }, sha) : x)), 3, 'edited'],
    ['deleted middle entry', (e: AuditEntry[]) => e.filter((x) => x.seq !== 3), 4, 'deleted'],
    ['swapped entries', (e: AuditEntry[]) => [e[0]!, e[2]!, e[1]!, e[3]!, e[4]!], 3, 'reordered'],
    ['contents swapped between rows', (e: AuditEntry[]) => [e[0]!, { ...e[2]!, seq: 2 }, { ...e[1]!, seq: 3 }, e[3]!, e[4]!], 2, 'reordered'],
    [
      'swapped and resealed',
      (e: AuditEntry[]) => [e[0]!, sealEntry({ ...e[2]!, seq: 2 }, sha), sealEntry({ ...e[1]!, seq: 3 }, sha), e[3]!, e[4]!],
      2,
      'edited',
    ],
    ['truncated tail', (e: AuditEntry[]) => e.slice(0, 3), 4, 'truncated'],
  ] as const)('names the first broken entry when %s', (_what, tamper, seq, kind) => {
    const entries = chain(5);
    const result = verifyChain(tamper(entries), sha, headOf(entries));
    expect(result.intact).toBe(false);
    if (!result.intact) {
      expect(result.firstBroken.seq).toBe(seq);
      expect(result.firstBroken.kind).toBe(kind);
      expect(result.firstBroken.reason.length).toBeGreaterThan(20);
    }
  });

  it('reports progress on long chains', () => {
    const entries = chain(2500);
    const seen: number[] = [];
    verifyChain(entries, sha, headOf(entries), (done) => seen.push(done));
    expect(seen).toEqual([1000, 2000]);
  });
});
