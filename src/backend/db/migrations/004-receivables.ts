import type { Migration } from './types';

/**
 * Counterparties, receivables, the versioned policy, check results, waivers and double-financing
 * fingerprints. Money is stored in integer minor units of the receivable's invoice currency.
 * Findings are keyed `${receivable}:${rule}:${key}` so a waiver survives re-evaluation while the
 * same problem persists; a waiver holds only while the finding's inputs hash is the one waived.
 */
export const migration004: Migration = {
  version: 4,
  name: 'receivables',
  up: (db) => {
    db.exec(`
      CREATE TABLE suppliers (
        id              TEXT PRIMARY KEY,
        legal_name      TEXT NOT NULL,
        aliases         TEXT NOT NULL DEFAULT '[]',
        country         TEXT NOT NULL,
        registration_id TEXT,
        industry        TEXT,
        -- JSON array of CapacityDeclaration
        capacities      TEXT NOT NULL DEFAULT '[]',
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX suppliers_name ON suppliers (legal_name COLLATE NOCASE);

      CREATE TABLE buyers (
        id          TEXT PRIMARY KEY,
        legal_name  TEXT NOT NULL,
        aliases     TEXT NOT NULL DEFAULT '[]',
        country     TEXT NOT NULL,
        rating      TEXT,
        pd          REAL CHECK (pd IS NULL OR (pd >= 0 AND pd <= 1)),
        -- JSON TradeCreditInsurance or NULL
        insurance   TEXT,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX buyers_name ON buyers (legal_name COLLATE NOCASE);

      CREATE TABLE escrow_accounts (
        id          TEXT PRIMARY KEY,
        bank        TEXT NOT NULL,
        account     TEXT NOT NULL,
        currency    TEXT NOT NULL,
        vehicle     TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;
      -- One IBAN may collect several currencies (a multi-currency account): one row per currency.
      CREATE UNIQUE INDEX escrow_accounts_account ON escrow_accounts (account, currency);

      CREATE TABLE receivables (
        id                  TEXT PRIMARY KEY,
        invoice_document_id TEXT NOT NULL UNIQUE REFERENCES documents (id),
        status              TEXT NOT NULL DEFAULT 'draft'
                            CHECK (status IN ('draft', 'checked', 'eligible', 'ineligible', 'pooled', 'repaid', 'defaulted')),
        supplier_id         TEXT,
        buyer_id            TEXT,
        advance_minor       INTEGER CHECK (advance_minor IS NULL OR advance_minor >= 0),
        initial_margin_pct  REAL,
        funding_date        TEXT,
        created_at          TEXT NOT NULL,
        created_by          TEXT NOT NULL,
        updated_at          TEXT NOT NULL,
        checked_at          TEXT,
        policy_version      INTEGER,
        inputs_hash         TEXT
      ) STRICT;
      CREATE INDEX receivables_status ON receivables (status);

      -- A person's unlink is kept (excluded = 1) so automatic linking never puts the B/L back.
      CREATE TABLE receivable_documents (
        receivable_id TEXT NOT NULL REFERENCES receivables (id),
        document_id   TEXT NOT NULL REFERENCES documents (id),
        method        TEXT NOT NULL CHECK (method IN ('bl_number', 'match', 'manual')),
        excluded      INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0, 1)),
        linked_at     TEXT NOT NULL,
        linked_by     TEXT NOT NULL,
        PRIMARY KEY (receivable_id, document_id)
      ) STRICT;
      CREATE INDEX receivable_documents_document ON receivable_documents (document_id);

      CREATE TABLE policies (
        version   INTEGER PRIMARY KEY,
        policy    TEXT NOT NULL,
        hash      TEXT NOT NULL,
        note      TEXT NOT NULL,
        saved_at  TEXT NOT NULL,
        saved_by  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE check_runs (
        id              TEXT PRIMARY KEY,
        kind            TEXT NOT NULL CHECK (kind IN ('full', 'incremental')),
        policy_version  INTEGER NOT NULL,
        started_at      TEXT NOT NULL,
        millis          INTEGER NOT NULL,
        actor           TEXT NOT NULL,
        receivables     INTEGER NOT NULL,
        evaluated       INTEGER NOT NULL,
        fail            INTEGER NOT NULL,
        warn            INTEGER NOT NULL,
        info            INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE findings (
        id             TEXT PRIMARY KEY,
        receivable_id  TEXT NOT NULL REFERENCES receivables (id),
        rule_id        TEXT NOT NULL,
        key            TEXT NOT NULL,
        category       TEXT NOT NULL,
        severity       TEXT NOT NULL CHECK (severity IN ('fail', 'warn', 'info')),
        title          TEXT NOT NULL,
        reference      TEXT,
        message        TEXT NOT NULL,
        evidence       TEXT NOT NULL,
        policy_version INTEGER NOT NULL,
        inputs_hash    TEXT NOT NULL,
        evaluated_at   TEXT NOT NULL,
        run_id         TEXT NOT NULL
      ) STRICT;
      CREATE INDEX findings_receivable ON findings (receivable_id);
      CREATE INDEX findings_severity ON findings (severity, category);

      CREATE TABLE waivers (
        id              TEXT PRIMARY KEY,
        finding_id      TEXT NOT NULL,
        receivable_id   TEXT NOT NULL REFERENCES receivables (id),
        inputs_hash     TEXT NOT NULL,
        reason          TEXT NOT NULL,
        requested_by    TEXT NOT NULL,
        requested_at    TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected')),
        decided_by      TEXT,
        decided_at      TEXT,
        decision_reason TEXT
      ) STRICT;
      CREATE INDEX waivers_finding ON waivers (finding_id);

      CREATE TABLE foreign_fingerprints (
        fingerprint TEXT NOT NULL,
        source      TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        PRIMARY KEY (fingerprint, source)
      ) STRICT;
    `);
  },
};
