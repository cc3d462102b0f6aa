/** The roles of PRODUCT.md, in the order the UI lists them. */
export const ROLES = ['field_verifier', 'analyst', 'risk_officer', 'committee_member'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  field_verifier: 'Field verifier',
  analyst: 'Analyst',
  risk_officer: 'Risk officer',
  committee_member: 'Committee member',
};

/** A local person. The encrypted private key never leaves the backend; only its public half does. */
export type Profile = {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** Ed25519 public key, 32 bytes as lowercase hex. */
  readonly publicKey: string;
  /** First 16 hex digits of SHA-256 over the public key: what people read aloud to compare keys. */
  readonly fingerprint: string;
  readonly createdAt: string;
};

/** One link of the tamper-evident audit chain. */
export type AuditEntry = {
  readonly seq: number;
  readonly at: string;
  /** Profile id of the person who acted, or `system` for the workspace itself. */
  readonly actor: string;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly prevHash: string;
  readonly hash: string;
};

/** An audit entry as the Audit screen shows it: with the actor's current name resolved. */
export type AuditRow = AuditEntry & { readonly actorName: string };

/**
 * `signature`: an entry's Ed25519 signature is missing or wrong, or the trail is signed by a key
 * this computer did not make; `missing`: records exist whose creation no entry records (the trail
 * was emptied, cut or rewritten).
 */
export type AuditProblemKind = 'edited' | 'deleted' | 'reordered' | 'truncated' | 'signature' | 'missing';

/** The outcome of recomputing the chain: intact, or the first entry that does not hold. */
export type AuditVerification =
  | {
      readonly intact: true;
      readonly entries: number;
      readonly headHash: string;
      /** Entries written before signing began (older workspaces), anchored by the signed ones after them. */
      readonly unsigned?: number;
      /** The audit key's id (fingerprint) that signed the rest. */
      readonly keyId?: string;
      /** Entries signed by the person who acted (their own key) and by the workspace's system key. */
      readonly signedByPeople?: number;
      readonly signedBySystem?: number;
      /** Whether this computer holds the system key's private half (only then is a re-keyed trail named without a checkpoint). */
      readonly systemKeyHeld?: boolean;
    }
  | {
      readonly intact: false;
      readonly entries: number;
      readonly firstBroken: { readonly seq: number; readonly kind: AuditProblemKind; readonly reason: string };
    };

/**
 * A signed checkpoint of the audit trail: its last entry's seq and hash at a moment, signed by the
 * person who made it (else the workspace's system key). Whoever holds one can prove later that the
 * trail was cut or rewritten since.
 */
export type AuditCheckpoint = {
  readonly format: 'quayside-audit-checkpoint-v1';
  readonly workspaceId: string;
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
  /** The signing key's id (fingerprint) and raw public key (hex). */
  readonly keyId: string;
  readonly publicKey: string;
  /** Who signed: a profile's id and name, or 'system' for the workspace's system key. */
  readonly signer: string;
  readonly signerName: string;
  readonly signature: string;
};

/** Whether a trail still holds what a checkpoint vouched for. */
export type CheckpointCheck = { readonly holds: true; readonly message: string } | { readonly holds: false; readonly problem: string };

export type WorkspaceInfo = {
  readonly path: string;
  readonly schemaVersion: number;
  readonly appSchemaVersion: number;
  readonly createdAt: string;
  readonly workspaceId: string;
  readonly profiles: number;
  readonly auditEntries: number;
  readonly blobs: number;
};

export type AppInfo = {
  readonly name: string;
  readonly version: string;
  /** `electron` for the desktop app, `browser-host` for the loopback test host, `cli`. */
  readonly shell: 'electron' | 'browser-host' | 'cli';
};

export type Session = {
  readonly profile: Profile | null;
};
