import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COUNTERPARTY_KINDS } from '../shared/checks';
import type { ImportReport } from '../shared/checks';
import type { Profile, Role } from '../shared/model';
import { ROLE_LABELS } from '../shared/model';
import { verifyAudit } from '../backend/audit/audit-log';
import { APP_VERSION, createBackend, inProcessClient } from '../backend/backend';
import { openDatabase } from '../backend/db/database';
import { DB_FILE, initWorkspace, workspaceInfo } from '../backend/workspace';
import { describeFindings } from './check';
import { describeVerification } from './describe';
import { EXIT } from './output';
import type { Output } from './output';

const MARKER = '.quayside-demo';
export const DEMO_PASSPHRASE = 'quayside demo passphrase';
/** The evaluation date of the demo's checks: the end of the month the sample documents belong to. */
export const SAMPLES_AS_OF = '2026-03-31';

const PEOPLE: readonly { name: string; role: Role }[] = [
  { name: 'Ana Ribeiro', role: 'risk_officer' },
  { name: 'Ben Okafor', role: 'analyst' },
  { name: 'Chen Wei', role: 'field_verifier' },
  { name: 'Dana Kowalski', role: 'committee_member' },
];

const SAMPLES = resolve(dirname(fileURLToPath(import.meta.url)), '../../resources/samples');
const COUNTERPARTIES = join(SAMPLES, 'counterparties');

/** The sample counterparties (suppliers, buyers, escrow accounts) as CSV files. */
const counterpartyFiles = (): string[] =>
  existsSync(COUNTERPARTIES) ? readdirSync(COUNTERPARTIES).filter((f) => f.endsWith('.csv')).sort().map((f) => join(COUNTERPARTIES, f)) : [];

/** Every bundled sample document, in name order. */
const sampleFiles = (): string[] =>
  existsSync(SAMPLES) ? readdirSync(SAMPLES).filter((f) => /\.(pdf|png|jpe?g|tiff?)$/i.test(f)).sort().map((f) => join(SAMPLES, f)) : [];

/**
 * The whole workflow, headless, in a fresh workspace under `outDir`. It grows with each capability;
 * today: workspace, people and roles, document intake of every bundled sample (text layer and OCR),
 * an audited correction, search, counterparties imported from CSV, the cross-checks with their
 * findings (also written to findings.json), and the tamper-evident audit trail.
 */
export async function runDemo(outDir: string, io: Output, options: { json: boolean; limit?: number }): Promise<number> {
  const out = resolve(outDir);
  if (existsSync(out) && readdirSync(out).length > 0 && !existsSync(join(out, MARKER))) {
    io.err(`${out} is not empty and was not made by 'quayside demo'. Choose an empty or new folder.`);
    return EXIT.failed;
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, MARKER), 'Made by quayside demo; the next demo run replaces this folder.\n');
  const say = (line: string): void => {
    if (!options.json) io.out(line);
  };

  const created = initWorkspace(join(out, 'workspace'), { appVersion: APP_VERSION });
  if (!created.ok) {
    io.err(created.error.message);
    return EXIT.failed;
  }
  // The samples are documents of February–March 2026: check them as of the end of March 2026, so that
  // their due dates are judged as a pool manager would have then, not as overdue today.
  const backend = createBackend(created.value, 'cli', { checksAsOf: SAMPLES_AS_OF });
  const api = inProcessClient(backend);
  try {
    say(`1. Workspace created at ${created.value.dir}`);
    const people: Profile[] = [];
    for (const person of PEOPLE) {
      const made = await api.profiles.create({ ...person, passphrase: DEMO_PASSPHRASE });
      if (!made.ok) throw new Error(made.error.message);
      people.push(made.value);
      say(`2. ${made.value.name} joins as ${ROLE_LABELS[made.value.role].toLowerCase()} — Ed25519 key ${made.value.fingerprint}, sealed under the passphrase`);
    }
    const analyst = people[1];
    if (!analyst) throw new Error('demo people missing');
    const signedIn = await api.session.signIn({ profileId: analyst.id, passphrase: DEMO_PASSPHRASE });
    if (!signedIn.ok) throw new Error(signedIn.error.message);
    const refused = await api.profiles.create({ name: 'Eve Mallory', role: 'risk_officer', passphrase: DEMO_PASSPHRASE });
    say(`3. ${analyst.name} (analyst) tries to add a risk officer: ${refused.ok ? 'ALLOWED (unexpected)' : `refused — ${refused.error.message}`}`);
    const wrong = await api.session.signIn({ profileId: analyst.id, passphrase: 'not the passphrase' });
    say(`4. Signing in with a wrong passphrase: ${wrong.ok ? 'ACCEPTED (unexpected)' : `refused — ${wrong.error.message}`}`);

    // Document intake: the analyst drops in every bundled sample; text layer where there is one, OCR otherwise.
    const files = sampleFiles().slice(0, options.limit ?? Number.POSITIVE_INFINITY);
    const started = Date.now();
    const added = await api.documents.ingest({ files: files.map((file) => ({ name: basename(file), data: readFileSync(file).toString('base64') })) });
    if (!added.ok) throw new Error(added.error.message);
    say(`5. ${analyst.name} adds ${files.length} sample documents (born-digital PDFs, scans, a phone photo); reading them…`);
    await backend.intake.idle();
    const docs = await api.documents.list({});
    if (!docs.ok) throw new Error(docs.error.message);
    for (const doc of [...docs.value].reverse()) {
      const what = doc.kind === 'invoice' ? `${doc.currency ?? ''} ${doc.amount ?? '?'} from ${doc.party ?? '?'}` : doc.kind === 'bill_of_lading' ? `shipped by ${doc.party ?? '?'}` : '';
      say(`   ${doc.fileName.padEnd(36)} ${doc.status.padEnd(9)} ${(doc.kind ?? '').padEnd(14)} ${(doc.method ?? '').padEnd(10)} ${what}`);
    }
    const byMethod = (m: string) => docs.value.filter((d) => d.method === m).length;
    say(`   ${docs.value.length} documents in ${((Date.now() - started) / 1000).toFixed(1)} s: ${byMethod('text_layer')} from the text layer, ${byMethod('ocr')} by OCR, ${docs.value.filter((d) => d.status === 'failed').length} failed`);
    const first = docs.value.find((d) => d.kind === 'invoice' && d.status === 'extracted');
    let correction = null;
    if (first) {
      const fixed = await api.documents.correctField({ id: first.id, field: 'incoterm', value: 'FOB' });
      if (fixed.ok) {
        correction = { document: first.fileName, field: 'incoterm', value: 'FOB' };
        say(`6. ${analyst.name} confirms the incoterm of ${first.fileName} as FOB — audited with the old and new value`);
      }
    }
    const search = await api.documents.list({ text: 'polypropylene' });
    if (search.ok) say(`7. Full-text search for "polypropylene" finds ${search.value.length} documents`);

    // Counterparties, then the cross-checks: each planted problem of the samples must come out as a fail.
    const imported: Record<string, ImportReport> = {};
    for (const file of counterpartyFiles()) {
      const kind = COUNTERPARTY_KINDS.find((k) => basename(file).startsWith(k));
      if (!kind) continue;
      const report = await api.counterparties.import({ kind, csv: readFileSync(file, 'utf8') });
      if (!report.ok) throw new Error(report.error.message);
      imported[kind] = report.value;
      say(`8. ${analyst.name} imports ${basename(file)}: ${report.value.created} created, ${report.value.updated} updated, ${report.value.rejected.length} rejected`);
    }
    const run = await api.checks.run({});
    if (!run.ok) throw new Error(run.error.message);
    const findings = await api.findings.list({ limit: 100_000 });
    const receivables = await api.receivables.list({});
    if (!findings.ok || !receivables.ok) throw new Error('listing findings failed');
    say(`9. ${analyst.name} runs the cross-checks (as of ${SAMPLES_AS_OF}, the samples' month):`);
    for (const line of describeFindings(run.value, receivables.value, findings.value).split('\n')) say(`   ${line}`);
    writeFileSync(join(out, 'findings.json'), `${JSON.stringify({ summary: run.value, receivables: receivables.value, findings: findings.value }, null, 2)}\n`);
    say(`   Findings written to ${join(out, 'findings.json')}`);

    const verification = await api.audit.verify({});
    if (!verification.ok) throw new Error(verification.error.message);
    say(`10. ${describeVerification(verification.value)}`);

    // Tamper with a copy the way someone with the sqlite3 tool would, and show that it is caught.
    backend.ws.db.pragma('wal_checkpoint(TRUNCATE)');
    const copy = join(out, 'tampered-copy.db');
    copyFileSync(join(created.value.dir, DB_FILE), copy);
    const tampered = openDatabase(copy);
    if (!tampered.ok) throw new Error(tampered.error.message);
    tampered.value.exec('DROP TRIGGER audit_no_update');
    tampered.value.prepare("UPDATE audit SET details = json_set(details, '$.role', 'risk_officer') WHERE seq = 3").run();
    const caught = verifyAudit(tampered.value);
    tampered.value.close();
    say(`11. A copy with entry 3 edited by hand (Ben made a risk officer): ${describeVerification(caught)}`);


    const report = {
      workspace: workspaceInfo(backend.ws),
      people: people.map(({ id, name, role, fingerprint }) => ({ id, name, role, fingerprint })),
      roleCheck: refused.ok ? 'allowed' : refused.error.code,
      audit: verification.value,
      tamperedCopy: caught,
      documents: docs.value.map(({ fileName, status, kind, method, party, amount, currency, error }) => ({ fileName, status, kind, method, party, amount, currency, error })),
      correction,
      counterparties: imported,
      checks: run.value,
    };
    writeFileSync(join(out, 'demo-report.json'), `${JSON.stringify(report, null, 2)}\n`);
    if (options.json) io.out(JSON.stringify(report, null, 2));
    say(`Report written to ${join(out, 'demo-report.json')}. Demo passphrase for every person: "${DEMO_PASSPHRASE}".`);
    return verification.value.intact && !caught.intact && !refused.ok ? EXIT.ok : EXIT.problem;
  } finally {
    await backend.close();
  }
}
