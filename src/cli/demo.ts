import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Profile, Role } from '../shared/model';
import { ROLE_LABELS } from '../shared/model';
import { verifyAudit } from '../backend/audit/audit-log';
import { APP_VERSION, createBackend, inProcessClient } from '../backend/backend';
import { openDatabase } from '../backend/db/database';
import { DB_FILE, initWorkspace, workspaceInfo } from '../backend/workspace';
import { describeVerification } from './describe';
import { EXIT } from './output';
import type { Output } from './output';

const MARKER = '.quayside-demo';
export const DEMO_PASSPHRASE = 'quayside demo passphrase';

const PEOPLE: readonly { name: string; role: Role }[] = [
  { name: 'Ana Ribeiro', role: 'risk_officer' },
  { name: 'Ben Okafor', role: 'analyst' },
  { name: 'Chen Wei', role: 'field_verifier' },
  { name: 'Dana Kowalski', role: 'committee_member' },
];

const samplesManifest = (): string => resolve(dirname(fileURLToPath(import.meta.url)), '../../resources/samples/manifest.json');

/**
 * The whole workflow, headless, in a fresh workspace under `outDir`. It grows with each capability;
 * today: workspace, people and roles, the role check, and the tamper-evident audit trail.
 */
export async function runDemo(outDir: string, io: Output, options: { json: boolean }): Promise<number> {
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
  const backend = createBackend(created.value, 'cli');
  const api = inProcessClient(backend.handlers);
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

    const verification = await api.audit.verify({});
    if (!verification.ok) throw new Error(verification.error.message);
    say(`5. ${describeVerification(verification.value)}`);

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
    say(`6. A copy with entry 3 edited by hand (Ben made a risk officer): ${describeVerification(caught)}`);

    const samples = existsSync(samplesManifest())
      ? (JSON.parse(readFileSync(samplesManifest(), 'utf8')) as { documents: unknown[] }).documents.length
      : 0;
    say(`7. ${samples} bundled sample documents wait in resources/samples for the Document intake capability.`);

    const report = {
      workspace: workspaceInfo(backend.ws),
      people: people.map(({ id, name, role, fingerprint }) => ({ id, name, role, fingerprint })),
      roleCheck: refused.ok ? 'allowed' : refused.error.code,
      audit: verification.value,
      tamperedCopy: caught,
      samples,
    };
    writeFileSync(join(out, 'demo-report.json'), `${JSON.stringify(report, null, 2)}\n`);
    if (options.json) io.out(JSON.stringify(report, null, 2));
    say(`Report written to ${join(out, 'demo-report.json')}. Demo passphrase for every person: "${DEMO_PASSPHRASE}".`);
    return verification.value.intact && !caught.intact && !refused.ok ? EXIT.ok : EXIT.problem;
  } finally {
    backend.close();
  }
}
