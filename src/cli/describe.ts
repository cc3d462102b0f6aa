import type { AuditVerification } from '../shared/model';

/** One paragraph a person can read about the state of the chain. */
export function describeVerification(v: AuditVerification): string {
  return v.intact
    ? `Audit chain intact: ${v.entries} entries, head ${v.headHash.slice(0, 16)}…${signers(v)}`
    : `Audit chain BROKEN at entry ${v.firstBroken.seq} (${v.firstBroken.kind}): ${v.firstBroken.reason}`;
}

/** Who signed an intact trail, and how many entries precede signing (anchored by the first signed one). */
function signers(v: AuditVerification & { intact: true }): string {
  if (v.signedByPeople === undefined && !v.keyId) return '';
  const people = v.signedByPeople ? `${v.signedByPeople} signed by the people who acted, ` : '';
  const system = v.keyId ? `${v.signedBySystem ?? v.entries - (v.unsigned ?? 0)} by system key ${v.keyId}` : `${v.signedBySystem ?? 0} by the system key`;
  const before = v.unsigned ? `; ${v.unsigned} earlier entries precede signing (unsigned, anchored by the first signed entry's hash chain)` : '';
  const held = v.systemKeyHeld === false ? '; this computer does not hold the system key, so a trail re-signed with another key shows only against a checkpoint' : '';
  return `; ${people}${system}${before}${held}`;
}
