import type { KeyObject } from 'node:crypto';
import type { Profile, Role, Session } from '../../shared/model';
import { ROLE_LABELS } from '../../shared/model';
import { err, ok } from '../../shared/result';
import { lockActorKey, unlockActorKey } from '../audit/audit-key';
import type { Result } from '../../shared/result';

/** The person acting in one window (or one CLI run), with their unlocked signing key. */
export type ActivePerson = { readonly profile: Profile; readonly privateKey: KeyObject };

/** Mutable holder of who is signed in; one per window or CLI invocation. */
export type SessionState = { current: ActivePerson | null };

/**
 * A session whose signed-in person's key signs the audit entries recorded as their acts while they
 * are signed in (audit-key.ts): setting `current` unlocks it for the trail, clearing it forgets it.
 */
export function createSessionState(): SessionState {
  let current: ActivePerson | null = null;
  return {
    get current() {
      return current;
    },
    set current(next: ActivePerson | null) {
      if (current) lockActorKey(current.profile.id);
      if (next) unlockActorKey(next.profile.id, next.profile.publicKey, next.privateKey);
      current = next;
    },
  };
}

export const publicSession = (state: SessionState): Session => ({ profile: state.current?.profile ?? null });

/**
 * The authorisation check every service runs before it changes anything. Living here, in the
 * backend, it holds for the desktop app, the test host and the CLI alike.
 */
export function requireRole(state: SessionState, roles: readonly Role[], doing: string): Result<ActivePerson> {
  const person = state.current;
  if (!person) return err('AUTH.NO_ACTIVE_PROFILE', `Sign in before you ${doing}.`);
  if (!roles.includes(person.profile.role)) {
    const allowed = roles.map((role) => ROLE_LABELS[role].toLowerCase()).join(' or ');
    return err(
      'AUTH.FORBIDDEN',
      `Only a ${allowed} can ${doing}; ${person.profile.name} is signed in as ${ROLE_LABELS[person.profile.role].toLowerCase()}.`,
    );
  }
  return ok(person);
}
