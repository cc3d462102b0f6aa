import type { ReactElement } from 'react';
import { ROLE_LABELS } from '../../shared/model';
import type { Role } from '../../shared/model';

/** The person's role as a small coloured label (colour differs per role, text always says it). */
export function RoleBadge({ role }: { readonly role: Role }): ReactElement {
  return <span className={`badge badge-role badge-${role.replace('_', '-')}`}>{ROLE_LABELS[role]}</span>;
}
