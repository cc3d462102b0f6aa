import type { Api } from '../shared/api';
import type { CheckRunSummary, Finding, ReceivableSummary } from '../shared/checks';
import { EXIT } from './output';
import type { Output } from './output';

/** The findings of a run as text: one block per receivable, worst first, each finding on a line. */
export function describeFindings(summary: CheckRunSummary, receivables: readonly ReceivableSummary[], findings: readonly Finding[]): string {
  const byReceivable = new Map<string, Finding[]>();
  for (const finding of findings) byReceivable.set(finding.receivableId, [...(byReceivable.get(finding.receivableId) ?? []), finding]);
  const rank = (r: ReceivableSummary) => [r.counts.fail, r.counts.warn, r.counts.info];
  const ordered = [...receivables].sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return y[0]! - x[0]! || y[1]! - x[1]! || y[2]! - x[2]! || a.invoiceFileName.localeCompare(b.invoiceFileName);
  });
  const lines = [
    (summary.current
      ? `Nothing changed since the last run: the results of ${summary.receivables} receivable${summary.receivables === 1 ? '' : 's'} under policy version ${summary.policyVersion}, as of ${summary.asOf}, are current (${summary.millis} ms):`
      : summary.scoped
        ? `Checked ${summary.receivables} receivable${summary.receivables === 1 ? '' : 's'} under policy version ${summary.policyVersion} in ${summary.millis} ms, ${summary.evaluated} evaluated again where something changed since the last run and the rest current` +
          ` (${summary.created} new, ${summary.linked} B/L link${summary.linked === 1 ? '' : 's'} made):`
        : `Checked ${summary.evaluated} receivable${summary.evaluated === 1 ? '' : 's'} under policy version ${summary.policyVersion} in ${summary.millis} ms` +
          ` (${summary.created} new, ${summary.linked} B/L link${summary.linked === 1 ? '' : 's'} made):`) +
      ` ${summary.findings.fail} fail, ${summary.findings.warn} warn, ${summary.findings.info} info; ${summary.eligible} eligible, ${summary.ineligible} ineligible.`,
    '',
    `${'receivable'.padEnd(34)} ${'status'.padEnd(10)} ${'fail'.padStart(4)} ${'warn'.padStart(4)} ${'info'.padStart(4)}  invoice`,
  ];
  for (const r of ordered) {
    const name = `${r.invoiceFileName}`.slice(0, 34);
    lines.push(
      `${name.padEnd(34)} ${r.status.padEnd(10)} ${String(r.counts.fail).padStart(4)} ${String(r.counts.warn).padStart(4)} ${String(r.counts.info).padStart(4)}  ${r.invoiceNumber ?? '?'} · ${r.sellerName ?? '?'} → ${r.buyerName ?? '?'}`,
    );
    for (const f of byReceivable.get(r.id) ?? []) {
      const waived = f.waiver?.status === 'confirmed' ? ' (waived)' : '';
      lines.push(`    ${f.severity.toUpperCase().padEnd(4)} ${f.ruleId.padEnd(36)} ${f.message}${waived}`);
    }
  }
  return lines.join('\n');
}

/**
 * `quayside check`: builds receivables, runs every rule and prints the findings. Findings are the
 * result, not an error, so the exit code is 0 whatever they say; only a failure to run is non-zero.
 */
export async function runCheck(api: Api, io: Output, json: boolean, asOf?: string): Promise<number> {
  const summary = await api.checks.run(asOf === undefined ? {} : { asOf: asOf === 'today' ? null : asOf });
  if (!summary.ok) {
    io.err(`error ${summary.error.code}: ${summary.error.message}`);
    return EXIT.failed;
  }
  const findings = await api.findings.list({ limit: 100_000 });
  const receivables = await api.receivables.list({});
  if (!findings.ok || !receivables.ok) {
    const error = !findings.ok ? findings.error : !receivables.ok ? receivables.error : null;
    io.err(`error ${error?.code}: ${error?.message}`);
    return EXIT.failed;
  }
  io.out(json ? JSON.stringify({ summary: summary.value, findings: findings.value }, null, 2) : describeFindings(summary.value, receivables.value, findings.value));
  return EXIT.ok;
}
