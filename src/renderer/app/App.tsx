import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactElement } from 'react';
import type { Api } from '../../shared/api';
import type { AppInfo, Profile, Session, WorkspaceInfo } from '../../shared/model';
import type { Result } from '../../shared/result';
import { SignInScreen } from '../features/session/SignInScreen';
import { WelcomeScreen } from '../features/welcome/WelcomeScreen';
import { useTheme } from '../theme/use-theme';
import { Alert } from '../ui/Alert';
import { Spinner } from '../ui/Spinner';
import { Shell } from './Shell';
import { isThemeToggle } from './shortcuts';
import { WorkstationContext } from './workstation';
import type { Workstation } from './workstation';

type Loaded = {
  readonly app: AppInfo;
  readonly workspace: WorkspaceInfo;
  readonly profiles: readonly Profile[];
  readonly session: Session;
};

type BootState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'failed'; readonly message: string }
  | ({ readonly phase: 'ready' } & Loaded);

async function load(api: Api): Promise<Result<Loaded>> {
  const [app, workspace, profiles, session] = await Promise.all([
    api.app.info({}),
    api.workspace.info({}),
    api.profiles.list({}),
    api.session.get({}),
  ]);
  if (!app.ok) return app;
  if (!workspace.ok) return workspace;
  if (!profiles.ok) return profiles;
  if (!session.ok) return session;
  return { ok: true, value: { app: app.value, workspace: workspace.value, profiles: profiles.value, session: session.value } };
}

const toBootState = (loaded: Result<Loaded>): BootState =>
  loaded.ok ? { phase: 'ready', ...loaded.value } : { phase: 'failed', message: loaded.error.message };

/** The root: loads the workspace, then shows first run, sign-in or the workstation. */
export function App({ api }: { readonly api: Api }): ReactElement {
  const theme = useTheme();
  const [state, setState] = useState<BootState>({ phase: 'loading' });

  const reload = useCallback(async () => {
    setState(toBootState(await load(api)));
  }, [api]);

  useEffect(() => {
    let current = true;
    void load(api).then((loaded) => {
      if (current) setState(toBootState(loaded));
    });
    return () => {
      current = false;
    };
  }, [api]);

  // The theme shortcut works everywhere, including the welcome and sign-in screens.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!isThemeToggle(event)) return;
      event.preventDefault();
      theme.toggle();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [theme]);

  const refresh = useCallback(async () => {
    const [workspace, profiles] = await Promise.all([api.workspace.info({}), api.profiles.list({})]);
    if (!workspace.ok || !profiles.ok) {
      const failed = !workspace.ok ? workspace : profiles;
      setState({ phase: 'failed', message: failed.ok ? 'The workspace could not be read.' : failed.error.message });
      return;
    }
    setState((current) =>
      current.phase === 'ready' ? { ...current, workspace: workspace.value, profiles: profiles.value } : current,
    );
  }, [api]);

  const setSession = useCallback(
    (session: Session) => {
      setState((current) => (current.phase === 'ready' ? { ...current, session } : current));
      // Counts (people, audit entries) change with every sign-in; keep Settings truthful.
      void refresh();
    },
    [refresh],
  );

  const me = state.phase === 'ready' ? state.session.profile : null;
  const workstation = useMemo<Workstation | null>(
    () =>
      state.phase === 'ready' && me
        ? { api, app: state.app, workspace: state.workspace, profiles: state.profiles, me, theme, refresh, setSession }
        : null,
    [api, state, me, theme, refresh, setSession],
  );

  if (state.phase === 'loading') {
    return (
      <main className="boot">
        <Spinner label="Opening the workspace…" />
      </main>
    );
  }
  if (state.phase === 'failed') {
    return (
      <main className="boot">
        <div className="boot-card">
          <h1 className="boot-title">Quayside could not open the workspace</h1>
          <Alert tone="danger">{state.message}</Alert>
          <button type="button" className="button button-primary" onClick={() => void reload()}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  if (state.profiles.length === 0) {
    return <WelcomeScreen api={api} workspace={state.workspace} onCreated={() => void reload()} />;
  }
  if (!workstation) {
    return <SignInScreen api={api} profiles={state.profiles} workspace={state.workspace} onSignedIn={setSession} />;
  }
  return (
    <WorkstationContext.Provider value={workstation}>
      <Shell />
    </WorkstationContext.Provider>
  );
}
