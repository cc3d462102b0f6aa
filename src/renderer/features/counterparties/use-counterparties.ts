import { useCallback, useEffect, useState } from 'react';
import type { Api } from '../../../shared/api';
import type { Counterparties } from '../../../shared/checks';

/** Every counterparty, loaded once and again on `reload()`; the last good answer stays while reloading. */
export function useCounterparties(api: Api): {
  readonly data: Counterparties | null;
  readonly error: string | null;
  readonly reload: () => void;
} {
  const [data, setData] = useState<Counterparties | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    void api.counterparties.list({}).then((result) => {
      if (!live) return;
      if (result.ok) {
        setData(result.value);
        setError(null);
      } else {
        setError(result.error.message);
      }
    });
    return () => {
      live = false;
    };
  }, [api, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, reload };
}
