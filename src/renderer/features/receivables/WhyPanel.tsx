import { useEffect, useMemo, useState } from 'react';
import type { ReactElement } from 'react';
import { RULE_CATEGORIES, SEVERITIES } from '../../../shared/checks';
import type { Evidence, Finding, RuleCategory, Severity } from '../../../shared/checks';
import { useWorkstation } from '../../app/workstation';
import { formatLocalTime, shortHash } from '../../format';
import { Alert } from '../../ui/Alert';
import { Icon } from '../../ui/Icon';
import { FIELD_LABELS, formatFieldValue } from '../documents/document-labels';
import { hashOfDocumentFocus } from '../documents/document-route';
import { SeverityBadge } from './ReceivableBadges';
import { CATEGORY_LABELS } from './receivable-labels';
import { WaiverDialog } from './WaiverDialog';

/** The review screen's link for one piece of evidence: the page, the field and its box highlighted. */
const evidenceHash = (evidence: Evidence, receivableId: string, findingId: string): string =>
  hashOfDocumentFocus(evidence.documentId, {
    page: evidence.page,
    field: evidence.field,
    bbox: evidence.bbox,
    from: receivableId,
    finding: findingId,
  });

const isWaived = (finding: Finding): boolean => finding.waiver?.status === 'confirmed';

/**
 * Why a receivable is where it is: its findings grouped by severity, then category, each with the
 * explanation and its numbers, the rule's reference, the policy version and inputs hash that make it
 * reproducible, and the evidence on the documents.
 */
export function WhyPanel({
  receivableId,
  findings,
  focusId,
  checked,
  onChanged,
}: {
  readonly receivableId: string;
  readonly findings: readonly Finding[];
  readonly focusId: string | null;
  /** False until the receivable was first checked: no findings then means nothing, not "clean". */
  readonly checked: boolean;
  readonly onChanged: () => void;
}): ReactElement {
  const [waiving, setWaiving] = useState<Finding | null>(null);
  const groups = useMemo(() => {
    const out: { severity: Severity; categories: { category: RuleCategory; findings: Finding[] }[]; count: number }[] = [];
    for (const severity of SEVERITIES) {
      const ofSeverity = findings.filter((finding) => finding.severity === severity);
      if (ofSeverity.length === 0) continue;
      const categories = RULE_CATEGORIES.map((category) => ({
        category,
        findings: ofSeverity.filter((finding) => finding.category === category),
      })).filter((group) => group.findings.length > 0);
      out.push({ severity, categories, count: ofSeverity.length });
    }
    return out;
  }, [findings]);

  useEffect(() => {
    if (!focusId) return;
    const element = document.querySelector<HTMLElement>(`[data-finding-id="${CSS.escape(focusId)}"]`);
    element?.scrollIntoView({ block: 'center' });
  }, [focusId, findings]);

  const open = findings.filter((finding) => !isWaived(finding));
  return (
    <section className="card why-panel" aria-label="Why">
      <header className="card-header why-header">
        <div>
          <h2 className="card-title">Why</h2>
          <p className="card-subtitle">
            {!checked
              ? 'Not checked yet — run the checks to see what they find.'
              : findings.length === 0
                ? 'No findings: every rule passed under the policy in force.'
                : `${open.length} open ${open.length === 1 ? 'finding' : 'findings'}${
                    findings.length > open.length ? ` · ${findings.length - open.length} waived` : ''
                  }`}
          </p>
        </div>
      </header>
      {groups.map((group) => (
        <div key={group.severity} className={`why-group why-group-${group.severity}`}>
          <h3 className="why-group-title">
            <SeverityBadge severity={group.severity} />
            <span className="why-group-count">
              {group.count} {group.count === 1 ? 'finding' : 'findings'}
            </span>
          </h3>
          {group.categories.map((category) => (
            <div key={category.category} className="why-category">
              <h4 className="why-category-title">{CATEGORY_LABELS[category.category]}</h4>
              {category.findings.map((finding) => (
                <FindingCard
                  key={finding.id}
                  finding={finding}
                  receivableId={receivableId}
                  focused={finding.id === focusId}
                  onWaive={() => setWaiving(finding)}
                  onChanged={onChanged}
                />
              ))}
            </div>
          ))}
        </div>
      ))}
      <WaiverDialog
        finding={waiving}
        onClose={() => setWaiving(null)}
        onDone={() => {
          setWaiving(null);
          onChanged();
        }}
      />
    </section>
  );
}

function FindingCard({
  finding,
  receivableId,
  focused,
  onWaive,
  onChanged,
}: {
  readonly finding: Finding;
  readonly receivableId: string;
  readonly focused: boolean;
  readonly onWaive: () => void;
  readonly onChanged: () => void;
}): ReactElement {
  const waived = isWaived(finding);
  return (
    <article
      className={`finding finding-${finding.severity}${waived ? ' is-waived' : ''}${focused ? ' is-focused' : ''}`}
      data-finding-id={finding.id}
      data-testid="finding"
      aria-label={finding.title}
    >
      <header className="finding-header">
        <SeverityBadge severity={finding.severity} />
        <h5 className="finding-title">{finding.title}</h5>
        {waived ? <span className="badge badge-waived">Waived</span> : null}
        {finding.reference ? (
          <span className="finding-reference" title="Rule reference">
            {finding.reference}
          </span>
        ) : null}
      </header>
      <p className="finding-message">{finding.message}</p>
      {finding.evidence.length > 0 ? (
        <ul className="evidence-list" aria-label="Evidence">
          {finding.evidence.map((evidence, index) => (
            <li key={`${evidence.documentId}-${evidence.field ?? ''}-${index}`}>
              <a className="evidence-item" href={evidenceHash(evidence, receivableId, finding.id)} data-testid="evidence">
                <Icon name="documents" size={14} />
                <span className="evidence-label">{evidence.label}</span>
                {evidence.value !== null ? (
                  <span className="evidence-value">
                    {evidence.field ? formatFieldValue(evidence.field, evidence.value) : String(evidence.value)}
                  </span>
                ) : null}
                <span className="evidence-where">
                  {evidence.fileName}
                  {evidence.page ? ` · p. ${evidence.page}` : ''}
                  {evidence.field ? ` · ${FIELD_LABELS[evidence.field]}` : ''}
                </span>
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <footer className="finding-meta">
        <span title="Rule id">{finding.ruleId}</span>
        <span>policy v{finding.policyVersion}</span>
        <span className="mono" title={`Inputs hash ${finding.inputsHash}`}>
          inputs {shortHash(finding.inputsHash, 10)}
        </span>
        <span title={finding.evaluatedAt}>{formatLocalTime(finding.evaluatedAt)}</span>
      </footer>
      <WaiverBlock finding={finding} onWaive={onWaive} onChanged={onChanged} />
    </article>
  );
}

function WaiverBlock({
  finding,
  onWaive,
  onChanged,
}: {
  readonly finding: Finding;
  readonly onWaive: () => void;
  readonly onChanged: () => void;
}): ReactElement | null {
  const { api, me } = useWorkstation();
  const [busy, setBusy] = useState<'confirm' | 'reject' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const waiver = finding.waiver;
  const riskOfficer = me.role === 'risk_officer';

  const decide = async (decision: 'confirm' | 'reject'): Promise<void> => {
    if (!waiver) return;
    setBusy(decision);
    setError(null);
    const result =
      decision === 'confirm'
        ? await api.findings.confirmWaiver({ waiverId: waiver.id })
        : await api.findings.rejectWaiver({ waiverId: waiver.id });
    setBusy(null);
    if (!result.ok) setError(result.error.message);
    else onChanged();
  };

  const waiveButton =
    riskOfficer && finding.severity !== 'info' ? (
      <button type="button" className="button button-sm" onClick={onWaive}>
        Waive…
      </button>
    ) : null;

  if (!waiver) return waiveButton ? <div className="waiver waiver-none">{waiveButton}</div> : null;

  if (waiver.status === 'pending') {
    const mine = waiver.requestedBy === me.id;
    return (
      <div className="waiver waiver-pending" data-testid="waiver">
        <div className="waiver-head">
          <Icon name="lock" size={14} />
          <strong>Waiver pending — needs a second risk officer</strong>
        </div>
        <p className="waiver-detail">
          Asked by {waiver.requestedByName} on {formatLocalTime(waiver.requestedAt)}: “{waiver.reason}”
        </p>
        {riskOfficer && !mine ? (
          <div className="waiver-actions">
            <button type="button" className="button button-sm button-primary" disabled={busy !== null} onClick={() => void decide('confirm')}>
              {busy === 'confirm' ? 'Confirming…' : 'Confirm waiver'}
            </button>
            <button type="button" className="button button-sm" disabled={busy !== null} onClick={() => void decide('reject')}>
              {busy === 'reject' ? 'Rejecting…' : 'Reject'}
            </button>
          </div>
        ) : (
          <p className="waiver-note">
            {mine
              ? 'You asked for this waiver, so you cannot confirm it: four eyes means a different risk officer signs in and confirms.'
              : 'Only a risk officer other than the one who asked can confirm or reject this waiver.'}
          </p>
        )}
        {error ? <Alert tone="danger">{error}</Alert> : null}
      </div>
    );
  }

  if (waiver.status === 'confirmed') {
    return (
      <div className="waiver waiver-confirmed" data-testid="waiver">
        <div className="waiver-head">
          <Icon name="check" size={14} />
          <strong>Waived</strong>
        </div>
        <p className="waiver-detail">
          Asked by {waiver.requestedByName} on {formatLocalTime(waiver.requestedAt)}; confirmed by {waiver.decidedByName ?? 'someone'}
          {waiver.decidedAt ? ` on ${formatLocalTime(waiver.decidedAt)}` : ''}.
        </p>
        <p className="waiver-reason">Reason: “{waiver.reason}”</p>
      </div>
    );
  }

  return (
    <div className="waiver waiver-rejected" data-testid="waiver">
      <p className="waiver-detail">
        A waiver asked by {waiver.requestedByName} was rejected by {waiver.decidedByName ?? 'someone'}
        {waiver.decidedAt ? ` on ${formatLocalTime(waiver.decidedAt)}` : ''}; the finding stays open.
      </p>
      {waiveButton}
    </div>
  );
}
