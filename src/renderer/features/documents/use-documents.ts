import { useEffect, useState } from 'react';
import type { Api } from '../../../shared/api';
import type { DocumentKind, DocumentStatus, DocumentSummary, IntakeProgress } from '../../../shared/documents';

export type DocumentFilters = {
  readonly text: string;
  readonly status: DocumentStatus | '';
  readonly kind: DocumentKind | '';
};

type Listing = {
  /** The last answer, kept while the next loads so the grid does not flash empty. */
  readonly rows: readonly DocumentSummary[] | null;
  /** The filters the last answer was for; differs from the current ones while loading. */
  readonly key: string | null;
  readonly error: string | null;
};

// Intake sends a `documents.changed` for every state change of every document; a folder of files
// would otherwise cause a burst of identical list calls.
const CHANGE_COALESCE_MS = 150;
const FINISHED: ReadonlySet<IntakeProgress['stage']> = new Set(['done', 'failed', 'cancelled']);

/** `documents.list` for the filters, refreshed on `documents.changed`, plus live intake progress. */
export function useDocuments(
  api: Api,
  filters: DocumentFilters,
): {
  readonly rows: readonly DocumentSummary[] | null;
  readonly loading: boolean;
  readonly error: string | null;
  readonly progress: ReadonlyMap<string, IntakeProgress>;
  readonly reload: () => void;
} {
  const [listing, setListing] = useState<Listing>({ rows: null, key: null, error: null });
  const [version, setVersion] = useState(0);
  const [progress, setProgress] = useState<ReadonlyMap<string, IntakeProgress>>(new Map());

  useEffect(() => {
    let timer: number | undefined;
    const offChanged = api.on('documents.changed', () => {
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        setVersion((n) => n + 1);
      }, CHANGE_COALESCE_MS);
    });
    const offProgress = api.on('documents.progress', (event) => {
      setProgress((current) => {
        const next = new Map(current);
        // A finished document's row says what happened; its bar goes with the refresh.
        if (FINISHED.has(event.stage)) next.delete(event.documentId);
        else next.set(event.documentId, event);
        return next;
      });
    });
    return () => {
      offChanged();
      offProgress();
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [api]);

  const text = filters.text.trim();
  const key = JSON.stringify([text, filters.status, filters.kind]);
  useEffect(() => {
    // A slower, older answer must not overwrite the answer to what the person asked last.
    let current = true;
    void api.documents
      .list({
        ...(text ? { text } : {}),
        ...(filters.status ? { status: filters.status } : {}),
        ...(filters.kind ? { kind: filters.kind } : {}),
      })
      .then((result) => {
        if (!current) return;
        if (!result.ok) {
          setListing((shown) => ({ ...shown, key, error: result.error.message }));
          return;
        }
        setListing({ rows: result.value, key, error: null });
        // Progress of documents that are no longer being read is stale (a missed final event).
        const running = new Set(
          result.value.filter((row) => row.status === 'queued' || row.status === 'processing').map((row) => row.id),
        );
        setProgress((shown) => {
          const stale = [...shown.keys()].filter((id) => !running.has(id) && result.value.some((row) => row.id === id));
          if (stale.length === 0) return shown;
          const next = new Map(shown);
          for (const id of stale) next.delete(id);
          return next;
        });
      });
    return () => {
      current = false;
    };
  }, [api, text, filters.status, filters.kind, key, version]);

  return {
    rows: listing.rows,
    loading: listing.key !== key,
    error: listing.error,
    progress,
    reload: () => setVersion((n) => n + 1),
  };
}
