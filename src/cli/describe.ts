import type { AuditVerification } from '../shared/model';

/** One paragraph a person can read about the state of the chain. */
export function describeVerification(v: AuditVerification): string {
  return v.intact
    ? `Audit chain intact: ${v.entries} entries, head ${v.headHash.slice(0, 16)}…${v.keyId ? `, signed by audit key ${v.keyId}${v.unsigned ? ` (${v.unsigned} earlier entries from before signing began)` : ''}` : ''}`
    : `Audit chain BROKEN at entry ${v.firstBroken.seq} (${v.firstBroken.kind}): ${v.firstBroken.reason}`;
}
