import type { PolicyVersion } from '../../shared/policy';
import { upgradePolicy } from '../../shared/policy';
import type { Database } from '../db/database';

type PolicyRow = { version: number; policy: string; hash: string; note: string; saved_at: string; saved_by: string; saved_by_name: string | null };

const SELECT = `SELECT p.*, pr.name AS saved_by_name FROM policies p LEFT JOIN profiles pr ON pr.id = p.saved_by`;

const toVersion = (row: PolicyRow): PolicyVersion => ({
  version: row.version,
  policy: upgradePolicy(JSON.parse(row.policy)),
  note: row.note,
  savedAt: row.saved_at,
  savedBy: row.saved_by,
  // 'system' (the seeded default) has no profile.
  savedByName: row.saved_by_name ?? (row.saved_by === 'system' ? 'Quayside (default policy)' : row.saved_by),
  hash: row.hash,
});

/** The newest saved version, if any. */
export function latestPolicy(db: Database): PolicyVersion | undefined {
  const row = db.prepare(`${SELECT} ORDER BY p.version DESC LIMIT 1`).get() as PolicyRow | undefined;
  return row && toVersion(row);
}

/** One saved version. */
export function getPolicyVersion(db: Database, version: number): PolicyVersion | undefined {
  const row = db.prepare(`${SELECT} WHERE p.version = ?`).get(version) as PolicyRow | undefined;
  return row && toVersion(row);
}

/** Every saved version, newest first. */
export const listPolicyVersions = (db: Database): PolicyVersion[] =>
  (db.prepare(`${SELECT} ORDER BY p.version DESC`).all() as PolicyRow[]).map(toVersion);

export type NewPolicyVersion = {
  readonly version: number;
  /** The policy's canonical JSON, exactly the text that was hashed. */
  readonly json: string;
  readonly hash: string;
  readonly note: string;
  readonly savedAt: string;
  readonly savedBy: string;
};

export function insertPolicyVersion(db: Database, v: NewPolicyVersion): void {
  db.prepare('INSERT INTO policies (version, policy, hash, note, saved_at, saved_by) VALUES (?, ?, ?, ?, ?, ?)').run(
    v.version,
    v.json,
    v.hash,
    v.note,
    v.savedAt,
    v.savedBy,
  );
}
