import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Api } from '../../../shared/api';
import type { CheckRunSummary, ReceivableDetail, ReceivableSummary } from '../../../shared/checks';
import { ok } from '../../../shared/result';
import type { Result } from '../../../shared/result';

// A check run changes every receivable at once and may send several events; one list call answers them all.
const CHANGE_COALESCE_MS = 150;

/**
 * Receivables per list call. A page is parsed in one piece on the window's thread: 5,000 rows take
 * about 20 ms, where 30,000 in one answer took 110–135 ms (a frame-dropping long task each time
 * the list reloads, as after every check run).
 */
export const LIST_PAGE = 5_000;

/** A function that calls `fn` once, `ms` after the first of any calls in between. */
function coalesced(fn: () => void, ms: number): { readonly call: () => void; readonly cancel: () => void } {
  let timer: number | undefined;
  return {
    call: () => {
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        fn();
      }, ms);
    },
    cancel: () => {
      if (timer !== undefined) window.clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** Calls `refresh` after `receivables.changed` (coalesced), and when the id set given is touched. */
export function useReceivablesChanged(api: Api, refresh: () => void, only?: string): void {
  useEffect(() => {
    const later = coalesced(refresh, CHANGE_COALESCE_MS);
    const off = api.on('receivables.changed', (event) => {
      if (only !== undefined && event.ids.length > 0 && !event.ids.includes(only)) return;
      later.call();
    });
    return () => {
      off();
      later.cancel();
    };
  }, [api, refresh, only]);
}

/** Every receivable, newest first, read page by page (the event loop turns between pages). */
export async function listAllReceivables(api: Api, live: () => boolean): Promise<Result<ReceivableSummary[]> | null> {
  const rows: ReceivableSummary[] = [];
  let after: { createdAt: string; id: string } | undefined;
  for (;;) {
    const page = await api.receivables.list(after ? { limit: LIST_PAGE, after } : { limit: LIST_PAGE });
    if (!live()) return null;
    if (!page.ok) return page;
    for (const row of page.value) rows.push(row);
    const last = page.value.at(-1);
    if (page.value.length < LIST_PAGE || !last) return ok(rows);
    after = { createdAt: last.createdAt, id: last.id };
  }
}

/**
 * Every receivable, refreshed whenever the backend says receivables changed. `reload` is coalesced
 * with those events: a run's end and its change events bring one reload, not two.
 */
export function useReceivables(api: Api): {
  readonly rows: readonly ReceivableSummary[] | null;
  readonly error: string | null;
  readonly reload: () => void;
} {
  const [rows, setRows] = useState<readonly ReceivableSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((n) => n + 1), []);
  const later = useMemo(() => coalesced(bump, CHANGE_COALESCE_MS), [bump]);
  useEffect(() => later.cancel, [later]);
  useReceivablesChanged(api, later.call);
  useEffect(() => {
    let current = true;
    void listAllReceivables(api, () => current).then((result) => {
      if (!result) return;
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
  return { rows, error, reload: later.call };
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
