import type { Profile, Role } from '../../shared/model';
import type { Database } from '../db/database';
import type { KdfParams, SealedKey } from '../crypto/keys';

type ProfileDbRow = {
  id: string;
  name: string;
  role: Role;
  public_key: string;
  fingerprint: string;
  key_kdf: string;
  key_salt: Buffer;
  key_iv: Buffer;
  key_tag: Buffer;
  key_ciphertext: Buffer;
  created_at: string;
};

const toProfile = (row: ProfileDbRow): Profile => ({
  id: row.id,
  name: row.name,
  role: row.role,
  publicKey: row.public_key,
  fingerprint: row.fingerprint,
  createdAt: row.created_at,
});

/** Every profile, by name. */
export const listProfiles = (db: Database): Profile[] =>
  (db.prepare('SELECT * FROM profiles ORDER BY name COLLATE NOCASE').all() as ProfileDbRow[]).map(toProfile);

export const countProfiles = (db: Database): number =>
  (db.prepare('SELECT count(*) AS n FROM profiles').get() as { n: number }).n;

/** One profile by id, or undefined. */
export function getProfile(db: Database, id: string): Profile | undefined {
  const row = db.prepare('SELECT * FROM profiles WHERE id = ?').get(id) as ProfileDbRow | undefined;
  return row && toProfile(row);
}

/** One profile by name (case-insensitive), or undefined. */
export function findProfileByName(db: Database, name: string): Profile | undefined {
  const row = db.prepare('SELECT * FROM profiles WHERE name = ? COLLATE NOCASE').get(name.trim()) as ProfileDbRow | undefined;
  return row && toProfile(row);
}

/** The sealed private key of a profile. */
export function getSealedKey(db: Database, id: string): SealedKey | undefined {
  const row = db.prepare('SELECT key_kdf, key_salt, key_iv, key_tag, key_ciphertext FROM profiles WHERE id = ?').get(id) as
    | Pick<ProfileDbRow, 'key_kdf' | 'key_salt' | 'key_iv' | 'key_tag' | 'key_ciphertext'>
    | undefined;
  return (
    row && {
      kdf: JSON.parse(row.key_kdf) as KdfParams,
      salt: row.key_salt,
      iv: row.key_iv,
      tag: row.key_tag,
      ciphertext: row.key_ciphertext,
    }
  );
}

export function insertProfile(db: Database, profile: Profile, sealed: SealedKey): void {
  db.prepare(
    `INSERT INTO profiles (id, name, role, public_key, fingerprint, key_kdf, key_salt, key_iv, key_tag, key_ciphertext, created_at)
     VALUES (@id, @name, @role, @publicKey, @fingerprint, @kdf, @salt, @iv, @tag, @ciphertext, @createdAt)`,
  ).run({
    ...profile,
    kdf: JSON.stringify(sealed.kdf),
    salt: sealed.salt,
    iv: sealed.iv,
    tag: sealed.tag,
    ciphertext: sealed.ciphertext,
  });
}
