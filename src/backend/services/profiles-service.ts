import type { Profile, Role, Session } from '../../shared/model';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import { appendAudit } from '../audit/audit-log';
import { createSigningKey, unsealSigningKey } from '../crypto/keys';
import { countProfiles, findProfileByName, getProfile, getSealedKey, insertProfile } from '../profiles/profiles-repo';
import type { Workspace } from '../workspace';
import { publicSession, requireRole } from './session';
import type { SessionState } from './session';

export type CreateProfileInput = { readonly name: string; readonly role: Role; readonly passphrase: string };

/**
 * Creates a person with a fresh Ed25519 key sealed under their passphrase. The very first person of
 * a workspace bootstraps it and is signed in; after that only a risk officer may add people.
 */
export async function createProfile(ws: Workspace, session: SessionState, input: CreateProfileInput): Promise<Result<Profile>> {
  const bootstrap = countProfiles(ws.db) === 0;
  if (!bootstrap) {
    const allowed = requireRole(session, ['risk_officer'], 'add people to this workspace');
    if (!allowed.ok) return allowed;
  }
  const name = input.name.trim();
  if (findProfileByName(ws.db, name)) {
    return err('PROFILE.NAME_TAKEN', `There is already a profile called ${name}. Choose another name.`);
  }
  // scrypt runs before the transaction so the database is never held for the key derivation.
  const key = await createSigningKey(input.passphrase);
  const profile: Profile = {
    id: ws.ids('prf'),
    name,
    role: input.role,
    publicKey: key.publicKey,
    fingerprint: key.fingerprint,
    createdAt: ws.clock().toISOString(),
  };
  const created = ws.db
    .transaction((): Result<Profile> => {
      // Checked again inside the write lock: two first-run windows must not both bootstrap.
      if (bootstrap && countProfiles(ws.db) > 0) {
        return err('AUTH.NO_ACTIVE_PROFILE', 'Someone created the first profile meanwhile. Sign in as them to add people.');
      }
      if (findProfileByName(ws.db, name)) {
        return err('PROFILE.NAME_TAKEN', `There is already a profile called ${name}. Choose another name.`);
      }
      insertProfile(ws.db, profile, key.sealed);
      appendAudit(ws.db, {
        at: profile.createdAt,
        actor: bootstrap ? profile.id : (session.current?.profile.id ?? 'system'),
        action: 'profile.created',
        entity: 'profile',
        entityId: profile.id,
        details: { name, role: profile.role, fingerprint: profile.fingerprint, bootstrap },
      });
      return ok(profile);
    })
    .immediate();
  if (!created.ok) return created;
  if (bootstrap) {
    const privateKey = await unsealSigningKey(key.sealed, input.passphrase);
    if (privateKey.ok) session.current = { profile, privateKey: privateKey.value };
  }
  return created;
}

/** Makes `profileId` the active person once their passphrase unlocks their key. */
export async function signIn(
  ws: Workspace,
  session: SessionState,
  input: { readonly profileId: string; readonly passphrase: string },
): Promise<Result<Session>> {
  const profile = getProfile(ws.db, input.profileId);
  const sealed = getSealedKey(ws.db, input.profileId);
  if (!profile || !sealed) return err('PROFILE.NOT_FOUND', 'That profile no longer exists. Pick another person.');
  const privateKey = await unsealSigningKey(sealed, input.passphrase);
  if (!privateKey.ok) return privateKey;
  // Read-only (another process writes the workspace): the passphrase is checked, but nothing can be
  // recorded, and a reader changes nothing a trail would have to account for.
  if (ws.readOnly !== true) {
    ws.db
      .transaction(() =>
        appendAudit(ws.db, {
          at: ws.clock().toISOString(),
          actor: profile.id,
          action: 'session.signed_in',
          entity: 'profile',
          entityId: profile.id,
          details: { name: profile.name, role: profile.role, previous: session.current?.profile.id ?? null },
        }),
      )
      .immediate();
  }
  session.current = { profile, privateKey: privateKey.value };
  return ok(publicSession(session));
}

/** Ends the active person's session (audited). */
export function signOut(ws: Workspace, session: SessionState): Result<Session> {
  const person = session.current;
  if (person) {
    ws.db
      .transaction(() =>
        appendAudit(ws.db, {
          at: ws.clock().toISOString(),
          actor: person.profile.id,
          action: 'session.signed_out',
          entity: 'profile',
          entityId: person.profile.id,
          details: { name: person.profile.name },
        }),
      )
      .immediate();
  }
  session.current = null;
  return ok(publicSession(session));
}
