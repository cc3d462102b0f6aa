import { useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { useWorkstation } from '../../app/workstation';
import { Alert } from '../../ui/Alert';
import { downloadExportedFile } from '../../ui/download';
import { Field } from '../../ui/Field';
import { Icon } from '../../ui/Icon';

type Info = { readonly keyId: string; readonly own: number; readonly imported: number; readonly sources: readonly string[] };

const KEY_PATTERN = /^[0-9a-fA-F]{64}$/;

/**
 * Double-financing fingerprints: keyed hashes of this workspace's invoices, exchanged with
 * co-managers so an invoice financed twice is caught without either side revealing its invoices.
 */
export function FingerprintsPanel(): ReactElement {
  const { api, me } = useWorkstation();
  const [info, setInfo] = useState<Info | null>(null);
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useState<{ readonly tone: 'success' | 'danger' | 'warning'; readonly text: string } | null>(null);
  const [source, setSource] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [key, setKey] = useState('');
  const [showKey, setShowKey] = useState(false);
  const [keyError, setKeyError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const canImport = me.role === 'analyst' || me.role === 'risk_officer';
  const canSetKey = me.role === 'risk_officer';

  useEffect(() => {
    let live = true;
    void api.fingerprints.info({}).then((result) => {
      if (!live) return;
      if (result.ok) setInfo(result.value);
      else setMessage({ tone: 'danger', text: result.error.message });
    });
    return () => {
      live = false;
    };
  }, [api, version]);

  const exportFile = async (): Promise<void> => {
    setMessage(null);
    const result = await api.fingerprints.export({});
    if (result.ok) downloadExportedFile(result.value);
    else setMessage({ tone: 'danger', text: result.error.message });
  };

  const importFile = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setMessage(null);
    const data = await file.text();
    const result = await api.fingerprints.import({ source: source.trim() || file.name, data });
    setBusy(false);
    if (!result.ok) {
      setMessage({ tone: 'danger', text: result.error.message });
      return;
    }
    const { imported, matches } = result.value;
    setMessage(
      matches > 0
        ? {
            tone: 'warning',
            text: `Imported ${imported} fingerprints; ${matches} match invoices of this workspace — see the duplicate findings.`,
          }
        : { tone: 'success', text: `Imported ${imported} fingerprints; none matches an invoice of this workspace.` },
    );
    setFile(null);
    setSource('');
    setVersion((v) => v + 1);
  };

  const setConsortiumKey = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!KEY_PATTERN.test(key.trim())) {
      setKeyError('The key is 64 hexadecimal digits (32 bytes).');
      return;
    }
    setBusy(true);
    setKeyError(null);
    const result = await api.fingerprints.setKey({ key: key.trim() });
    setBusy(false);
    if (!result.ok) {
      setKeyError(result.error.message);
      return;
    }
    setKey('');
    setMessage({ tone: 'success', text: `Now using the consortium key ${result.value.keyId}. Export fingerprints again for your co-managers.` });
    setVersion((v) => v + 1);
  };

  return (
    <section className="card" aria-labelledby="fingerprints-panel-title" data-testid="fingerprints-panel">
      <h2 id="fingerprints-panel-title" className="card-title">
        Double-financing fingerprints
      </h2>
      <p className="field-hint">
        A keyed HMAC of seller, buyer, invoice number, date, amount and currency per invoice. Co-managers holding the same key
        can compare them and catch an invoice financed twice; without the key they reveal nothing.
      </p>
      {info ? (
        <dl className="detail-list detail-list-wide">
          <dt>Key</dt>
          <dd className="mono" data-testid="fingerprints-key-id">
            {info.keyId}
          </dd>
          <dt>Fingerprints</dt>
          <dd>
            <ul className="stat-row" aria-label="Fingerprints">
              <li>
                <span className="stat-value" data-testid="fingerprints-own">
                  {info.own}
                </span>
                <span className="stat-label">own</span>
              </li>
              <li>
                <span className="stat-value" data-testid="fingerprints-imported">
                  {info.imported}
                </span>
                <span className="stat-label">imported</span>
              </li>
            </ul>
          </dd>
          <dt>Sources</dt>
          <dd>{info.sources.length > 0 ? info.sources.join(', ') : <span className="muted">None imported yet</span>}</dd>
        </dl>
      ) : null}
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <div>
        <button type="button" className="button" onClick={() => void exportFile()} data-testid="fingerprints-export">
          Export fingerprints
        </button>
      </div>
      {canImport ? (
        <form className="form card-section" onSubmit={(event) => void importFile(event)}>
          <h3 className="card-subtitle">Import a co-manager’s fingerprints</h3>
          <div className="form-row">
            <Field label="Source" hint="Who sent the file, e.g. the co-manager’s name.">
              {(props) => (
                <input {...props} className="input" value={source} placeholder="Harbour Capital" onChange={(e) => setSource(e.target.value)} />
              )}
            </Field>
            <div className="field">
              <span className="field-label">File</span>
              <div className="pol-file">
                <button type="button" className="button" onClick={() => fileInput.current?.click()}>
                  <Icon name="upload" size={14} />
                  Choose…
                </button>
                <span className="pol-file-name">{file ? file.name : <span className="muted">No file chosen</span>}</span>
              </div>
              <input
                ref={fileInput}
                className="visually-hidden"
                type="file"
                accept=".json,application/json"
                aria-label="Fingerprints file"
                data-testid="fingerprints-import-input"
                tabIndex={-1}
                onChange={(event) => {
                  setFile(event.target.files?.[0] ?? null);
                  event.target.value = '';
                }}
              />
            </div>
          </div>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={!file || busy} data-testid="fingerprints-import">
              Import fingerprints
            </button>
          </div>
        </form>
      ) : null}
      {canSetKey ? (
        <form className="form card-section" onSubmit={(event) => void setConsortiumKey(event)}>
          <h3 className="card-subtitle">
            <Icon name="lock" size={16} />
            Consortium key
          </h3>
          <Field
            label="Shared key"
            hint="64 hexadecimal digits agreed with the co-managers. It replaces this workspace’s own key; fingerprints made under another key no longer compare."
            error={keyError}
          >
            {(props) => (
              <span className="pol-key">
                <input
                  {...props}
                  className="input mono"
                  type={showKey ? 'text' : 'password'}
                  autoComplete="off"
                  spellCheck={false}
                  value={key}
                  onChange={(e) => setKey(e.target.value)}
                  data-testid="fingerprints-key"
                />
                <button type="button" className="button" onClick={() => setShowKey((shown) => !shown)} aria-pressed={showKey}>
                  {showKey ? 'Hide' : 'Show'}
                </button>
              </span>
            )}
          </Field>
          <div className="form-actions">
            <span className="pol-key-count tabular muted">{key.trim().length} / 64</span>
            <button type="submit" className="button button-primary" disabled={busy || key.trim().length === 0} data-testid="fingerprints-set-key">
              Set consortium key
            </button>
          </div>
        </form>
      ) : (
        <p className="card-note">Only a risk officer sets the consortium key.</p>
      )}
    </section>
  );
}
