import { createContext, useContext } from 'react';
import type { Api } from '../../shared/api';
import type { AppInfo, Profile, Session, WorkspaceInfo } from '../../shared/model';
import type { ThemeControls } from '../theme/use-theme';

/** What every screen of a signed-in window shares. */
export type Workstation = {
  readonly api: Api;
  readonly app: AppInfo;
  readonly workspace: WorkspaceInfo;
  readonly profiles: readonly Profile[];
  /** The signed-in person. */
  readonly me: Profile;
  readonly theme: ThemeControls;
  /** Reloads workspace counts and the people list after a change. */
  readonly refresh: () => Promise<void>;
  /** Adopts a session the backend returned (sign-in, sign-out, switch). */
  readonly setSession: (session: Session) => void;
};

export const WorkstationContext = createContext<Workstation | null>(null);

/** The shared workstation state; only valid inside the signed-in shell. */
export function useWorkstation(): Workstation {
  const value = useContext(WorkstationContext);
  if (!value) throw new Error('useWorkstation must be used inside the signed-in shell');
  return value;
}
