import { useEffect, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import type { InboxSetting } from '../../../shared/documents';
import { visibleText } from '../../../shared/visible-text';
import { useWorkstation } from '../../app/workstation';
import { formatLocalTime } from '../../format';
import { Alert } from '../../ui/Alert';
import { Field } from '../../ui/Field';

/** The watched inbox folder: files dropped there are added as documents on the setter's behalf. */
export function InboxPanel(): ReactElement {
  const { api, me } = useWorkstation();
  const [inbox, setInbox] = useState<InboxSetting | null>(null);
  const [dir, setDir] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mayChange = me.role === 'analyst' || me.role === 'risk_officer';

  useEffect(() => {
    let live = true;
    const load = (): void => {
      void api.intake.getInbox({}).then((result) => {
        if (!live) return;
        if (result.ok) setInbox(result.value);
        else setError(result.error.message);
      });
    };
    load();
    // A file the inbox refuses shows up here at once.
    const off = api.on('inbox.rejected', load);
    return () => {
      live = false;
      off();
    };
  }, [api]);

  const save = async (next: string | null): Promise<void> => {
    setBusy(true);
    setError(null);
    const result = await api.intake.setInbox({ dir: next });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setInbox(result.value);
    setDir('');
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (dir.trim()) void save(dir.trim());
  };

  return (
    <section className="card" aria-labelledby="inbox-panel-title">
      <h2 id="inbox-panel-title" className="card-title">
        Inbox folder
      </h2>
      <p className="field-hint">
        Invoices and bills of lading saved into this folder (by a scanner, or from e-mail) are added as documents
        automatically, once each file has finished copying. Nothing is moved or deleted there.
      </p>
      {inbox?.dir ? (
        <dl className="detail-list detail-list-wide">
          <dt>Watching</dt>
          <dd className="mono break">{inbox.dir}</dd>
          <dt>Set by</dt>
          <dd>
            {inbox.byName} {inbox.since ? <span className="muted">since {formatLocalTime(inbox.since)}</span> : null}
          </dd>
        </dl>
      ) : (
        <p className="muted">No inbox folder is watched.</p>
      )}
      {mayChange ? (
        <form className="form" onSubmit={submit}>
          <Field label={inbox?.dir ? 'Watch another folder' : 'Folder to watch'} hint="The full path of a folder outside the workspace.">
            {(props) => (
              <input {...props} className="input" value={dir} placeholder="/home/me/Scans" onChange={(e) => setDir(e.target.value)} />
            )}
          </Field>
          <div className="form-actions">
            {inbox?.dir ? (
              <button type="button" className="button" disabled={busy} onClick={() => void save(null)}>
                Stop watching
              </button>
            ) : null}
            <button type="submit" className="button button-primary" disabled={busy || !dir.trim()}>
              Watch folder
            </button>
          </div>
        </form>
      ) : (
        <p className="field-hint">An analyst or risk officer sets the inbox folder.</p>
      )}
      {inbox && inbox.rejected.length > 0 ? (
        <div className="inbox-rejected" data-testid="inbox-rejected">
          <h3 className="card-subtitle">Files not added</h3>
          <p className="field-hint">Fix or replace each file in the folder; it is read again when it changes.</p>
          <ul>
            {inbox.rejected.map((r) => (
              <li key={`${r.at}-${r.fileName}`}>
                <strong className="mono break">{visibleText(r.fileName)}</strong> <span className="muted">{formatLocalTime(r.at)}</span>
                <div>{visibleText(r.message)}</div>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {error ? <Alert tone="danger">{error}</Alert> : null}
    </section>
  );
}
