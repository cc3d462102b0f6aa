import { useCallback, useEffect, useState } from 'react';
import type { Api } from '../../../../shared/api';
import type { DocumentDetail, IntakeProgress } from '../../../../shared/documents';
import type { FileState } from './DocumentViewer';

type DetailState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'failed'; readonly message: string }
  | { readonly phase: 'ready'; readonly detail: DocumentDetail };

/**
 * One document's detail, kept current: refetched when intake or another window changes it, and
 * replaced by what a correction, kind change or review returns.
 */
export function useDocumentDetail(
  api: Api,
  id: string,
): {
  readonly state: DetailState;
  readonly progress: IntakeProgress | null;
  readonly adopt: (detail: DocumentDetail) => void;
  readonly reload: () => void;
} {
  const [state, setState] = useState<DetailState>({ phase: 'loading' });
  const [version, setVersion] = useState(0);
  const [progress, setProgress] = useState<IntakeProgress | null>(null);

  useEffect(() => {
    const offChanged = api.on('documents.changed', (event) => {
      if (event.documentId === id) setVersion((n) => n + 1);
    });
    const offProgress = api.on('documents.progress', (event) => {
      if (event.documentId !== id) return;
      setProgress(event.stage === 'done' || event.stage === 'failed' || event.stage === 'cancelled' ? null : event);
    });
    return () => {
      offChanged();
      offProgress();
    };
  }, [api, id]);

  useEffect(() => {
    let current = true;
    void api.documents.get({ id }).then((result) => {
      if (!current) return;
      if (result.ok) setState({ phase: 'ready', detail: result.value });
      // A failed refresh keeps what is shown; only a first load turns into an error.
      else setState((shown) => (shown.phase === 'ready' ? shown : { phase: 'failed', message: result.error.message }));
    });
    return () => {
      current = false;
    };
  }, [api, id, version]);

  const adopt = useCallback((detail: DocumentDetail) => setState({ phase: 'ready', detail }), []);
  const reload = useCallback(() => setVersion((n) => n + 1), []);
  return { state, progress, adopt, reload };
}

/** The document's original bytes for the viewer, fetched once. */
export function useDocumentFile(api: Api, id: string): FileState {
  const [file, setFile] = useState<FileState>({ phase: 'loading' });
  useEffect(() => {
    let current = true;
    void api.documents.file({ id }).then((result) => {
      if (!current) return;
      setFile(
        result.ok
          ? { phase: 'ready', mediaType: result.value.mediaType, data: result.value.data }
          : { phase: 'failed', message: result.error.message },
      );
    });
    return () => {
      current = false;
    };
  }, [api, id]);
  return file;
}
