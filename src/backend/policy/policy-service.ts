import type { z } from 'zod';
import type { Role } from '../../shared/model';
import { DEFAULT_POLICY, PolicySchema, diffPolicy } from '../../shared/policy';
import type { Policy, PolicyChange, PolicyVersion } from '../../shared/policy';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import { canonicalJson } from '../../core/canonical-json';
import { appendAudit } from '../audit/audit-log';
import { sha256Hex } from '../crypto/hash';
import type { Database } from '../db/database';
import type { EventBus } from '../events';
import { requireRole } from '../services/session';
import type { SessionState } from '../services/session';
import { systemClock } from '../workspace';
import type { Clock, Workspace } from '../workspace';
import { insertPolicyVersion, latestPolicy, listPolicyVersions } from './policy-repo';

const READERS: readonly Role[] = ['field_verifier', 'analyst', 'risk_officer', 'committee_member'];
const EDITORS: readonly Role[] = ['risk_officer'];

export type PolicyContext = {
  readonly ws: Workspace;
  readonly session: SessionState;
  readonly bus: EventBus;
};

export type PolicyPreview = {
  readonly valid: boolean;
  readonly errors: readonly { readonly path: string; readonly message: string }[];
  readonly changes: readonly PolicyChange[];
};

/** SHA-256 of a policy's canonical JSON: equal policies hash equal whatever their key order. */
export const policyHash = (policy: Policy): string => sha256Hex(canonicalJson(policy));

/**
 * The policy in force. A workspace without one gets DEFAULT_POLICY as version 1, saved by 'system'
 * in its own transaction with a `policy.seeded` audit entry; seeding lazily keeps migrations free of
 * policy content, and the transaction makes two first readers agree on one version 1.
 */
export function currentPolicy(db: Database, clock: Clock = systemClock): PolicyVersion {
  const existing = latestPolicy(db);
  if (existing) return existing;
  if (db.readonly) {
    // Open read-only next to another writer: the default is what will be seeded, but it cannot be saved here.
    const at = clock().toISOString();
    return { version: 1, policy: DEFAULT_POLICY, note: 'Default policy shipped with Quayside (not saved yet).', savedAt: at, savedBy: 'system', savedByName: 'Quayside (default policy)', hash: policyHash(DEFAULT_POLICY) };
  }
  return db
    .transaction((): PolicyVersion => {
      const raced = latestPolicy(db);
      if (raced) return raced;
      const at = clock().toISOString();
      const json = canonicalJson(DEFAULT_POLICY);
      const hash = sha256Hex(json);
      insertPolicyVersion(db, { version: 1, json, hash, note: 'Default policy shipped with Quayside.', savedAt: at, savedBy: 'system' });
      appendAudit(db, { at, actor: 'system', action: 'policy.seeded', entity: 'policy', entityId: '1', details: { version: 1, hash } });
      return latestPolicy(db) as PolicyVersion;
    })
    .immediate();
}

/** A zod issue path as `capacity.windowDays` or `priceBands[2].max`. */
const dotted = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '') || '(policy)';

const issuesOf = (error: z.ZodError): { path: string; message: string }[] => error.issues.map((i) => ({ path: dotted(i.path), message: i.message }));

/** Validates a draft and lists its changes against the policy in force (invalid drafts are diffed as typed). */
export function previewPolicy(ctx: PolicyContext, draft: unknown): Result<PolicyPreview> {
  const person = requireRole(ctx.session, READERS, 'see the policy');
  if (!person.ok) return person;
  const current = currentPolicy(ctx.ws.db, ctx.ws.clock);
  const parsed = PolicySchema.safeParse(draft);
  return ok({
    valid: parsed.success,
    errors: parsed.success ? [] : issuesOf(parsed.error),
    changes: diffPolicy(current.policy, parsed.success ? parsed.data : draft),
  });
}

/** The policy in force, for any signed-in person. */
export function getPolicy(ctx: PolicyContext): Result<PolicyVersion> {
  const person = requireRole(ctx.session, READERS, 'see the policy');
  return person.ok ? ok(currentPolicy(ctx.ws.db, ctx.ws.clock)) : person;
}

/** Every saved version, newest first. */
export function policyHistory(ctx: PolicyContext): Result<PolicyVersion[]> {
  const person = requireRole(ctx.session, READERS, 'see the policy');
  if (!person.ok) return person;
  currentPolicy(ctx.ws.db, ctx.ws.clock);
  return ok(listPolicyVersions(ctx.ws.db));
}

/**
 * Saves a new version (risk officers only), audited with its note and the diff against the version
 * it replaces. An invalid draft or one that changes nothing is refused.
 */
export function savePolicy(ctx: PolicyContext, draft: unknown, note: string): Result<PolicyVersion> {
  const person = requireRole(ctx.session, EDITORS, 'change the policy');
  if (!person.ok) return person;
  const parsed = PolicySchema.safeParse(draft);
  if (!parsed.success) {
    const errors = issuesOf(parsed.error);
    const first = errors[0] ?? { path: '(policy)', message: 'The policy is not valid.' };
    return err('POLICY.INVALID', `${first.path}: ${first.message} Correct it and save again.`, { errors });
  }
  const { ws } = ctx;
  const policy = parsed.data;
  return ws.db
    .transaction((): Result<PolicyVersion> => {
      const current = currentPolicy(ws.db, ws.clock);
      const changes = diffPolicy(current.policy, policy);
      if (changes.length === 0) {
        return err('POLICY.INVALID', `The draft is the same as version ${current.version}, the policy in force; change a value before saving.`);
      }
      const json = canonicalJson(policy);
      const hash = sha256Hex(json);
      const version = current.version + 1;
      const at = ws.clock().toISOString();
      insertPolicyVersion(ws.db, { version, json, hash, note, savedAt: at, savedBy: person.value.profile.id });
      appendAudit(ws.db, {
        at,
        actor: person.value.profile.id,
        action: 'policy.saved',
        entity: 'policy',
        entityId: String(version),
        details: { version, previousVersion: current.version, note, hash, changes },
      });
      return ok(latestPolicy(ws.db) as PolicyVersion);
    })
    .immediate();
}
