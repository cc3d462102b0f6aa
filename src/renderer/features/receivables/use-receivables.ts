import { useCallback, useEffect, useRef, useState } from 'react';
import type { Api } from '../../../shared/api';
import type { CheckRunSummary, ReceivableDetail, ReceivableSummary } from '../../../shared/checks';

// A check run changes every receivable at once and may send several events; one list call answers them all.
const CHANGE_COALESCE_MS = 150;

/** Calls `refresh` after `receivables.changed` (coalesced), and when the id set given is touched. */
export function useReceivablesChanged(api: Api, refresh: () => void, only?: string): void {
  useEffect(() => {
    let timer: number | undefined;
    const off = api.on('receivables.changed', (event) => {
      if (only !== undefined && event.ids.length > 0 && !event.ids.includes(only)) return;
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        refresh();
      }, CHANGE_COALESCE_MS);
    });
    return () => {
      off();
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [api, refresh, only]);
}

/** Every receivable, refreshed whenever the backend says receivables changed. */
export function useReceivables(api: Api): {
  readonly rows: readonly ReceivableSummary[] | null;
  readonly error: string | null;
  readonly reload: () => void;
} {
  const [rows, setRows] = useState<readonly ReceivableSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((n) => n + 1), []);
  useReceivablesChanged(api, reload);
  useEffect(() => {
    let current = true;
    void api.receivables.list({}).then((result) => {
      if (!current) return;
      if (result.ok) {
        setRows(result.value);
        setError(null);
      } else {
        setError(result.error.message);
      }
    });
    return () => {
      current = false;
    };
  }, [api, version]);
  return { rows, error, reload };
}

type DetailState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'failed'; readonly message: string }
  | { readonly phase: 'ready'; readonly detail: ReceivableDetail };

/** One receivable with its documents and findings, kept current. */
export function useReceivableDetail(
  api: Api,
  id: string,
): { readonly state: DetailState; readonly adopt: (detail: ReceivableDetail) => void; readonly reload: () => void } {
  const [state, setState] = useState<DetailState>({ phase: 'loading' });
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((n) => n + 1), []);
  useReceivablesChanged(api, reload, id);
  useEffect(() => {
    let current = true;
    void api.receivables.get({ id }).then((result) => {
      if (!current) return;
      if (result.ok) setState({ phase: 'ready', detail: result.value });
      else setState((shown) => (shown.phase === 'ready' ? shown : { phase: 'failed', message: result.error.message }));
    });
    return () => {
      current = false;
    };
  }, [api, id, version]);
  const adopt = useCallback((detail: ReceivableDetail) => setState({ phase: 'ready', detail }), []);
  return { state, adopt, reload };
}

export type RunState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'running'; readonly label: string; readonly done: number; readonly total: number }
  | { readonly phase: 'done'; readonly summary: CheckRunSummary }
  | { readonly phase: 'failed'; readonly message: string };

/** `checks.run` with its live progress from `jobs.progress`. */
export function useRunChecks(api: Api): {
  readonly run: RunState;
  readonly start: () => void;
  readonly dismiss: () => void;
  /** The evaluation date: the stored one (a planned funding date) or today. */
  readonly asOf: string;
  readonly setAsOf: (asOf: string) => void;
} {
  const [run, setRun] = useState<RunState>({ phase: 'idle' });
  const [asOf, setAsOf] = useState('');
  useEffect(() => {
    let live = true;
    void api.checks.asOf({}).then((result) => {
      if (live && result.ok) setAsOf((current) => current || result.value.asOf);
    });
    return () => {
      live = false;
    };
  }, [api]);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const start = useCallback(() => {
    setRun({ phase: 'running', label: 'Starting checks…', done: 0, total: 0 });
    // Subscribed before the call, so the first progress events are not missed.
    const off = api.on('jobs.progress', (event) => {
      if (!mounted.current) return;
      setRun((current) =>
        current.phase === 'running' ? { phase: 'running', label: event.label, done: event.done, total: event.total } : current,
      );
    });
    void api.checks.run(/^\d{4}-\d{2}-\d{2}$/.test(asOf) ? { asOf } : {}).then((result) => {
      off();
      if (!mounted.current) return;
      setRun(result.ok ? { phase: 'done', summary: result.value } : { phase: 'failed', message: result.error.message });
    });
  }, [api, asOf]);
  const dismiss = useCallback(() => setRun({ phase: 'idle' }), []);
  return { run, start, dismiss, asOf, setAsOf };
}
