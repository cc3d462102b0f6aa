import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactElement } from 'react';
import { PolicySchema, diffPolicy } from '../../../shared/policy';
import type { Policy, PolicyChange, PolicyVersion } from '../../../shared/policy';
import { useWorkstation } from '../../app/workstation';
import { formatLocalTime, shortHash } from '../../format';
import { Alert } from '../../ui/Alert';
import { Field } from '../../ui/Field';
import { Icon } from '../../ui/Icon';
import { PolicyDiff } from './PolicyDiff';
import { PolicyHistory } from './PolicyHistory';
import { PolicySections } from './PolicySections';
import { normalizePath, setIn } from './policy-fields';

type Review = {
  readonly valid: boolean;
  readonly errors: readonly { readonly path: string; readonly message: string }[];
  readonly changes: readonly PolicyChange[];
};

type Editing = { readonly draft: Policy; readonly key: number; readonly review: Review | null };

/**
 * The risk policy in force, section by section, its version history, and for risk officers an editor:
 * change values, review the diff the backend computes, and save a new version with a note.
 */
export function PolicyPanel(): ReactElement {
  const { api, me, profiles } = useWorkstation();
  const [current, setCurrent] = useState<PolicyVersion | null>(null);
  const [history, setHistory] = useState<readonly PolicyVersion[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<'review' | 'save' | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saved, setSaved] = useState<PolicyVersion | null>(null);
  const [version, setVersion] = useState(0);
  const canEdit = me.role === 'risk_officer';

  useEffect(() => {
    let live = true;
    void Promise.all([api.policy.get({}), api.policy.history({})]).then(([got, past]) => {
      if (!live) return;
      if (got.ok) setCurrent(got.value);
      if (past.ok) setHistory(past.value);
      const failure = !got.ok ? got.error.message : !past.ok ? past.error.message : null;
      setLoadError(failure);
    });
    return () => {
      live = false;
    };
  }, [api, version]);

  // Live validation against the same schema the backend uses; the backend's preview stays the authority.
  const local = useMemo(() => {
    if (!editing || !current) return { errors: new Map<string, string>(), changes: [] as PolicyChange[] };
    const parsed = PolicySchema.safeParse(editing.draft);
    const errors = new Map<string, string>();
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = normalizePath(issue.path);
        if (!errors.has(path)) errors.set(path, issue.message);
      }
    }
    return { errors, changes: diffPolicy(current.policy, editing.draft) };
  }, [editing, current]);

  const errors = useMemo(() => {
    const merged = new Map(local.errors);
    for (const error of editing?.review?.errors ?? []) {
      const path = normalizePath(error.path);
      if (!merged.has(path)) merged.set(path, error.message);
    }
    return merged;
  }, [local.errors, editing?.review]);

  const change = useCallback((path: string, value: unknown) => {
    setSaveError(null);
    setEditing((state) => (state ? { ...state, draft: setIn(state.draft, path, value), review: null } : state));
  }, []);

  const start = (): void => {
    if (!current) return;
    setSaved(null);
    setSaveError(null);
    setNote('');
    setEditing({ draft: structuredClone(current.policy), key: Date.now(), review: null });
  };

  const review = async (): Promise<void> => {
    if (!editing) return;
    setBusy('review');
    setSaveError(null);
    const result = await api.policy.preview({ policy: editing.draft });
    setBusy(null);
    if (result.ok) setEditing((state) => (state ? { ...state, review: result.value } : state));
    else setSaveError(result.error.message);
  };

  const save = async (): Promise<void> => {
    if (!editing) return;
    setBusy('save');
    const result = await api.policy.save({ policy: editing.draft, note });
    setBusy(null);
    if (!result.ok) {
      setSaveError(result.error.message);
      return;
    }
    setSaved(result.value);
    setEditing(null);
    setVersion((v) => v + 1);
  };

  const riskOfficers = profiles.filter((profile) => profile.role === 'risk_officer').map((profile) => profile.name);
  const reviewed = editing?.review ?? null;

  return (
    <section className="card pol-panel" aria-labelledby="policy-panel-title" data-testid="policy-panel">
      <header className="pol-header">
        <div>
          <h2 id="policy-panel-title" className="card-title">
            Risk policy
          </h2>
          <p className="card-lead">Every threshold the cross-checks use. Each check result names the version it ran under.</p>
        </div>
        {canEdit && current && !editing ? (
          <button type="button" className="button" onClick={start} data-testid="policy-edit">
            <Icon name="pencil" size={14} />
            Edit policy
          </button>
        ) : null}
      </header>
      {loadError ? <Alert tone="danger" title="The policy could not be read">{loadError}</Alert> : null}
      {current ? (
        <dl className="pol-meta" data-testid="policy-version">
          <div>
            <dt>Version</dt>
            <dd className="tabular">v{current.version}</dd>
          </div>
          <div>
            <dt>Saved</dt>
            <dd>
              {formatLocalTime(current.savedAt)} by {current.savedByName}
            </dd>
          </div>
          <div className="pol-meta-note">
            <dt>Note</dt>
            <dd>{current.note || <span className="muted">—</span>}</dd>
          </div>
          <div>
            <dt>Hash</dt>
            <dd className="mono" title={current.hash}>
              {shortHash(current.hash)}
            </dd>
          </div>
        </dl>
      ) : null}
      {saved ? (
        <Alert tone="success" title={`Saved as version ${saved.version}`}>
          Receivables are checked again under it. The change and its diff are in the audit trail.
        </Alert>
      ) : null}
      {!canEdit ? (
        <p className="card-note" data-testid="policy-readonly">
          Only risk officers edit the policy{riskOfficers.length > 0 ? ` — ask ${riskOfficers.join(' or ')}` : ''}.
        </p>
      ) : null}
      {editing && current ? (
        <div className="pol-editing-bar" role="status">
          <Icon name="pencil" size={14} />
          <span>
            Editing a draft of v{current.version} ·{' '}
            <strong>
              {local.changes.length} {local.changes.length === 1 ? 'change' : 'changes'}
            </strong>
            {local.errors.size > 0 ? (
              <span className="pol-editing-problems">
                {' '}
                · {local.errors.size} {local.errors.size === 1 ? 'problem' : 'problems'}
              </span>
            ) : null}
          </span>
          <span className="pol-editing-actions">
            <button type="button" className="button button-sm" onClick={() => setEditing(null)} disabled={busy !== null}>
              Discard draft
            </button>
            <button
              type="button"
              className="button button-sm button-primary"
              onClick={() => void review()}
              disabled={busy !== null || local.changes.length === 0}
              data-testid="policy-review"
            >
              {busy === 'review' ? 'Checking…' : 'Review changes'}
            </button>
          </span>
        </div>
      ) : null}
      {current ? (
        <PolicySections
          key={editing ? editing.key : `v${current.version}`}
          policy={editing?.draft ?? current.policy}
          onChange={editing ? change : null}
          errors={editing ? errors : new Map()}
        />
      ) : null}
      {editing && reviewed ? (
        <section className="pol-review" aria-labelledby="policy-review-title" data-testid="policy-review-panel">
          <h3 id="policy-review-title" className="card-subtitle">
            Review changes against v{current?.version}
          </h3>
          {reviewed.errors.length > 0 ? (
            <Alert tone="danger" title={`${reviewed.errors.length} ${reviewed.errors.length === 1 ? 'value is' : 'values are'} not valid`}>
              <table className="table pol-errors" aria-label="Validation errors" data-testid="policy-errors">
                <tbody>
                  {reviewed.errors.map((error) => (
                    <tr key={`${error.path}-${error.message}`}>
                      <td className="mono">{error.path || '(policy)'}</td>
                      <td>{error.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Alert>
          ) : null}
          <PolicyDiff changes={reviewed.changes} label="Changes to save" />
          {reviewed.valid ? (
            <form
              className="form"
              onSubmit={(event) => {
                event.preventDefault();
                void save();
              }}
            >
              <Field label="Why the policy changes" hint="Kept with the version and in the audit trail.">
                {(props) => (
                  <textarea
                    {...props}
                    className="input cp-textarea"
                    rows={2}
                    value={note}
                    onChange={(event) => setNote(event.target.value)}
                    data-testid="policy-note"
                  />
                )}
              </Field>
              <div className="form-actions">
                <button
                  type="submit"
                  className="button button-primary"
                  disabled={busy !== null || !note.trim() || reviewed.changes.length === 0}
                  data-testid="policy-save"
                >
                  {busy === 'save' ? 'Saving…' : `Save as v${(current?.version ?? 0) + 1}`}
                </button>
              </div>
            </form>
          ) : (
            <p className="field-hint">Correct the values above, then review again.</p>
          )}
        </section>
      ) : null}
      {saveError ? <Alert tone="danger" title="Not saved">{saveError}</Alert> : null}
      {history.length > 0 ? <PolicyHistory history={history} /> : null}
    </section>
  );
}
