import type { Migration } from './types';

/** The workspace's first schema: identity, people, the audit chain and the blob index. */
export const migration001: Migration = {
  version: 1,
  name: 'initial',
  up: (db) => {
    db.exec(`
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE profiles (
        id             TEXT PRIMARY KEY,
        name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role           TEXT NOT NULL CHECK (role IN ('field_verifier', 'analyst', 'risk_officer', 'committee_member')),
        public_key     TEXT NOT NULL CHECK (length(public_key) = 64),
        fingerprint    TEXT NOT NULL,
        -- The Ed25519 private key (PKCS#8) sealed with AES-256-GCM under scrypt(passphrase).
        key_kdf        TEXT NOT NULL,
        key_salt       BLOB NOT NULL,
        key_iv         BLOB NOT NULL,
        key_tag        BLOB NOT NULL,
        key_ciphertext BLOB NOT NULL,
        created_at     TEXT NOT NULL
      ) STRICT;

      CREATE TABLE audit (
        seq       INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        actor     TEXT NOT NULL,
        action    TEXT NOT NULL,
        entity    TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        details   TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash      TEXT NOT NULL UNIQUE
      ) STRICT;

      -- Append-only inside the app. Someone with the sqlite3 tool can drop these; the hash chain and
      -- the recorded head are what make that visible ('quayside audit verify').
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;

      CREATE TABLE blobs (
        sha256     TEXT PRIMARY KEY CHECK (length(sha256) = 64),
        size       INTEGER NOT NULL CHECK (size >= 0),
        media_type TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
