import { useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import type { CounterpartyKind } from '../../../shared/checks';
import { useWorkstation } from '../../app/workstation';
import { EmptyState } from '../../ui/EmptyState';
import { Icon } from '../../ui/Icon';
import { KIND_LABELS } from './counterparty-format';
import { headerColumns } from './csv-import';

const WHY: Readonly<Record<CounterpartyKind, string>> = {
  supplier:
    'Suppliers are the sellers on the invoices. The checks match each invoice’s seller to one of them by name or alias, and compare what it invoices with the capacity it declared.',
  buyer:
    'Buyers owe the receivables. The checks match each invoice’s buyer to one of them and test its trade credit insurance: active on the due date, and its limit not exceeded.',
  escrow:
    'Escrow accounts belong to the pool vehicle. Every invoice must tell the buyer to pay into one of them, or the escrow check fails.',
};

const ROW_TEXT: Readonly<Record<CounterpartyKind, string>> = {
  supplier: 'one row per supplier and product',
  buyer: 'one row per buyer',
  escrow: 'one row per account and currency',
};

/** An empty register: why it matters, and the CSV columns to import it from. */
export function CounterpartyEmpty({
  kind,
  canEdit,
  onImport,
  onNew,
}: {
  readonly kind: CounterpartyKind;
  readonly canEdit: boolean;
  readonly onImport: () => void;
  readonly onNew: () => void;
}): ReactElement {
  const { api } = useWorkstation();
  const labels = KIND_LABELS[kind];
  // Export writes the import format; on an empty register that is exactly its header line.
  const [columns, setColumns] = useState<{ readonly kind: CounterpartyKind; readonly names: readonly string[] } | null>(null);
  useEffect(() => {
    let live = true;
    void api.counterparties.export({ kind }).then((result) => {
      if (live && result.ok && result.value.encoding === 'utf8') setColumns({ kind, names: headerColumns(result.value.data) });
    });
    return () => {
      live = false;
    };
  }, [api, kind]);
  const names = columns?.kind === kind ? columns.names : [];
  return (
    <EmptyState
      icon="counterparties"
      title={`No ${labels.many.toLowerCase()} yet`}
      actions={
        canEdit ? (
          <>
            <button type="button" className="button button-primary" onClick={onImport} data-testid="counterparties-empty-import">
              <Icon name="upload" size={16} />
              Import {labels.file}…
            </button>
            <button type="button" className="button" onClick={onNew}>
              <Icon name="plus" size={16} />
              New {labels.one}
            </button>
          </>
        ) : null
      }
    >
      <p>{WHY[kind]}</p>
      <p>
        {canEdit ? (
          <>
            Import <strong>{labels.file}</strong> with <strong>Import CSV…</strong> or drop it anywhere on this screen
          </>
        ) : (
          <>An analyst or risk officer imports <strong>{labels.file}</strong></>
        )}
        {names.length > 0 ? ` — ${ROW_TEXT[kind]}, with the columns:` : '.'}
      </p>
      {names.length > 0 ? (
        <p className="empty-state-capability cp-columns" data-testid="counterparties-csv-columns">
          {names.map((name) => (
            <code key={name} className="cp-column">
              {name}
            </code>
          ))}
        </p>
      ) : null}
      <p className="empty-state-now">
        Rows are matched by id or legal name, so importing the same file again updates rather than duplicates; a bad row is
        reported by line and the others still land. Export CSV writes the same format.
      </p>
    </EmptyState>
  );
}
