import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { Api } from '../shared/api';
import { ROLES, ROLE_LABELS } from '../shared/model';
import type { Role } from '../shared/model';
import type { Result } from '../shared/result';
import { APP_VERSION, createBackend, inProcessClient } from '../backend/backend';
import type { Backend } from '../backend/backend';
import { defaultWorkspaceDir, initWorkspace, openWorkspace, workspaceHolder } from '../backend/workspace';
import { databaseContention } from '../backend/db/database';
import { runCheck } from './check';
import { runDemo } from './demo';
import { runExtract } from './extract';
import { policyExport, policySet } from './policy';
import { describeVerification } from './describe';
import { EXIT, processOutput } from './output';
import type { Output } from './output';
import { readPassphrase } from './passphrase';
import { auditCheckpoint, auditCheckpointVerify, workspaceVerify } from './workspace-verify';
import { counterpartiesExport, counterpartiesImport, describePolicy } from './counterparties';
import { currentPolicy } from '../backend/policy/policy-service';
import { readRegularFile } from '../backend/intake/regular-file';
import { MAX_FILE_BYTES } from '../backend/intake/intake-service';

/**
 * Commands that only read: they open the workspace read-only (no lock, no migration, no sweep, no
 * audit entry), so they work while another process — the app, an `ingest` — holds the workspace.
 */
export const READ_ONLY_COMMANDS: ReadonlySet<string> = new Set([
  'workspace info',
  'workspace verify',
  'profile list',
  'audit verify',
  'audit list',
  'audit checkpoint',
  'documents list',
  'policy show',
  'policy export',
  'counterparties export',
]);
const READ_ONLY_LIST = [...READ_ONLY_COMMANDS].join(', ');

export const USAGE = `quayside ${APP_VERSION} — offline due-diligence workstation for receivable pools

Usage: quayside [--workspace DIR] [--json] <command>

Commands:
  workspace init <dir>            create an empty workspace in <dir>
  workspace info                  path, schema version and counts of the workspace
  profile create --name N --role R [--as NAME]
                                  add a person with an Ed25519 key sealed under their passphrase
                                  (QUAYSIDE_PASSPHRASE or a prompt). After the first person, a risk
                                  officer must act: --as NAME with QUAYSIDE_AS_PASSPHRASE or a prompt.
                                  Roles: ${ROLES.join(', ')}
  profile list                    the people of the workspace
  workspace verify                re-hash every stored file, check the audit trail (chain, head,
                                  signatures, records without their entry) and SQLite's integrity;
                                  exit 1 naming every problem (--json for the report)
  audit verify [--checkpoint FILE]
                                  recompute the audit chain and its signatures; exit 1 naming the
                                  first broken entry; with a checkpoint, also prove the trail was
                                  not cut or rewritten since it was made
  audit checkpoint [--out FILE] [--as NAME]
                                  the trail's last entry, signed by NAME's own key (else the
                                  workspace's system key), as JSON: hand it to someone who should
                                  be able to prove later that the trail was not cut or rewritten
  audit list [--limit N] [--action A]
                                  the newest audit entries
  ingest <files…> --as NAME       add invoices / bills of lading (PDF, PNG, JPEG, TIFF), read and
                                  extract them; progress on stderr (QUAYSIDE_AS_PASSPHRASE or prompt)
  documents list [--search TEXT]  the workspace's documents; TEXT searches all their words
  extract <files…>                stateless: read and extract files without a workspace, one JSON
                                  object per file and line with --json
  counterparties import <csv> [--kind supplier|buyer|escrow] --as NAME
                                  import suppliers, buyers or escrow accounts (kind guessed from
                                  the columns when --kind is absent); bad rows are listed by line
  counterparties export --kind K [--out FILE] --as NAME
                                  the CSV of one kind, in the import format
  check [--json] [--as-of DATE] --as NAME
                                  build receivables from the documents, run every cross-check and
                                  print the findings per receivable ({summary, findings} with --json);
                                  --as-of YYYY-MM-DD evaluates as of a planned funding date (kept for
                                  later re-checks; --as-of today goes back to the current date);
                                  exits 0 even when there are findings — only a failure to run is 2
  policy show [--as NAME]         the risk policy in force (every threshold), --json for the document
  policy export [--out FILE]      the policy in force as JSON (keys sorted), the form policy set reads
  policy set FILE --note TEXT --as NAME
                                  validate FILE, print what it changes and save it as a new version
                                  (risk officers; audited with the note and the diff); an invalid
                                  file is refused with every error and its path
  demo --out <dir> [--limit N]    the whole workflow on the bundled samples (or the first N), in a
                                  fresh workspace

Global options:
  --workspace DIR   workspace folder (default: QUAYSIDE_WORKSPACE or ${defaultWorkspaceDir()})
  --json            machine-readable output (one JSON document on stdout)
  --break-lock      take over the workspace lock of another computer that no longer uses it (audited)
  --help, --version

One writer per workspace: a command that changes a workspace another program holds exits 2 with
WORKSPACE.IN_USE naming the holder. These only read, take no lock and work next to a writer:
  ${READ_ONLY_LIST}
WORKSPACE.BUSY (exit 2): another program's database write outlasted 5 s; nothing changed, try again.

Exit codes: 0 done · 1 a check found a problem · 2 could not run (the message says why)`;

type Flags = {
  workspace?: string | undefined;
  json?: boolean | undefined;
  name?: string | undefined;
  role?: string | undefined;
  as?: string | undefined;
  out?: string | undefined;
  limit?: string | undefined;
  action?: string | undefined;
  search?: string | undefined;
  kind?: string | undefined;
  workers?: string | undefined;
  'as-of'?: string | undefined;
  note?: string | undefined;
  'break-lock'?: boolean | undefined;
  checkpoint?: string | undefined;
  help?: boolean | undefined;
  version?: boolean | undefined;
};

/** Runs one CLI invocation and returns its exit code. */
export async function main(argv: readonly string[], io: Output = processOutput, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed: { values: Flags; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        workspace: { type: 'string', short: 'w' },
        json: { type: 'boolean' },
        name: { type: 'string' },
        role: { type: 'string' },
        as: { type: 'string' },
        out: { type: 'string' },
        limit: { type: 'string' },
        action: { type: 'string' },
        search: { type: 'string' },
        kind: { type: 'string' },
        workers: { type: 'string' },
        'as-of': { type: 'string' },
        note: { type: 'string' },
        'break-lock': { type: 'boolean' },
        checkpoint: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\nRun 'quayside --help' for usage.`);
    return EXIT.failed;
  }
  const { values: flags, positionals } = parsed;
  if (flags.version) {
    io.out(APP_VERSION);
    return EXIT.ok;
  }
  const [command, sub, ...rest] = positionals;
  if (flags.help || command === undefined || command === 'help') {
    io.out(USAGE);
    return flags.help || command === 'help' ? EXIT.ok : EXIT.failed;
  }
  const workspaceDir = flags.workspace ?? env.QUAYSIDE_WORKSPACE ?? defaultWorkspaceDir(env);
  const verb = command === 'ingest' || command === 'extract' ? command : `${command} ${sub ?? ''}`.trim();
  const cli = new Cli(io, flags, env, verb);
  try {
    return await runCommand(cli, verb, workspaceDir, flags, io, sub, rest, positionals);
  } catch (error) {
    // Another process's long write (SQLITE_BUSY) is a condition to retry, not a crash: exit 2 with its code.
    const contention = databaseContention(error);
    if (contention) return cli.fail(contention);
    throw error;
  }
}

async function runCommand(
  cli: Cli,
  verb: string,
  workspaceDir: string,
  flags: Flags,
  io: Output,
  sub: string | undefined,
  rest: readonly string[],
  positionals: readonly string[],
): Promise<number> {
  switch (verb) {
    case 'workspace init':
      return cli.workspaceInit(rest[0] ?? flags.workspace);
    case 'workspace info':
      return cli.withBackend(workspaceDir, (api) => cli.printResult(api.workspace.info({})));
    case 'workspace verify':
      return cli.withBackend(workspaceDir, async (_api, backend) => workspaceVerify(io, backend.ws.db, backend.ws.blobsDir, flags.json === true));
    case 'profile create':
      return cli.withBackend(workspaceDir, (api, backend) => cli.profileCreate(api, backend));
    case 'profile list':
      return cli.withBackend(workspaceDir, (api) => cli.profileList(api));
    case 'audit verify':
      return cli.withBackend(workspaceDir, async (api, backend) => (flags.checkpoint ? auditCheckpointVerify(io, backend.ws.db, flags.checkpoint, flags.json === true) : cli.auditVerify(api)));
    case 'audit checkpoint':
      // Signed by the --as person's own key when given, else by the workspace's system key.
      return cli.withBackend(workspaceDir, async (api, backend) =>
        (flags.as ? await cli.signInFor(api, 'audit checkpoint') : EXIT.ok) || auditCheckpoint(io, backend.ws.db, backend.ws.clock().toISOString(), flags.out, backend.session.current ?? undefined));
    case 'audit list':
      return cli.withBackend(workspaceDir, (api) => cli.auditList(api));
    case 'ingest':
      return cli.withBackend(workspaceDir, (api, backend) => cli.ingest(api, backend, [sub, ...rest].filter((f): f is string => f !== undefined)), { startIntake: true });
    case 'documents list':
      return cli.withBackend(workspaceDir, (api) => cli.documentsList(api));
    case 'counterparties import':
      return cli.withBackend(workspaceDir, async (api) =>
        (await cli.signInFor(api, 'counterparties import')) || counterpartiesImport(api, io, rest[0], flags.kind, flags.json === true),
      );
    case 'counterparties export':
      return cli.withBackend(workspaceDir, async (api) => (await cli.signInFor(api, 'counterparties export')) || counterpartiesExport(api, io, flags.kind, flags.out));
    case 'check':
      return cli.withBackend(workspaceDir, async (api) => (await cli.signInFor(api, 'check')) || runCheck(api, io, flags.json === true, flags['as-of']));
    case 'policy show':
      return cli.withBackend(workspaceDir, async (api, backend) => {
        // The policy is workspace configuration like the audit chain: readable without signing in.
        if (flags.as) return (await cli.signInFor(api, 'policy show')) || cli.printResult(api.policy.get({}), describePolicy);
        const policy = currentPolicy(backend.ws.db, backend.ws.clock);
        io.out(flags.json ? JSON.stringify(policy, null, 2) : describePolicy(policy));
        return EXIT.ok;
      });
    case 'policy export':
      return cli.withBackend(workspaceDir, async (api) => (await cli.signInFor(api, 'policy export')) || policyExport(api, io, flags.out));
    case 'policy set':
      return cli.withBackend(workspaceDir, async (api) => (await cli.signInFor(api, 'policy set')) || policySet(api, io, rest[0], flags.note, flags.json === true));
    case 'extract':
      return runExtract([sub, ...rest].filter((f): f is string => f !== undefined), io, {
        json: flags.json === true,
        ...(flags.workers ? { workers: Number(flags.workers) } : {}),
      });
    case 'demo':
      if (!flags.out) {
        io.err('demo needs --out <dir>: the folder for the demo workspace and its report.');
        return EXIT.failed;
      }
      return runDemo(flags.out, io, { json: flags.json === true, ...(flags.limit ? { limit: Number(flags.limit) } : {}) });
    default:
      io.err(`Unknown command '${positionals.join(' ')}'. Run 'quayside --help' for usage.`);
      return EXIT.failed;
  }
}

class Cli {
  constructor(
    private readonly io: Output,
    private readonly flags: Flags,
    private readonly env: NodeJS.ProcessEnv,
    private readonly verb: string,
  ) {}

  /** Prints a Result: its value as JSON (--json) or a readable error; returns the exit code. */
  async printResult<T>(pending: Promise<Result<T>>, human?: (value: T) => string): Promise<number> {
    const result = await pending;
    if (!result.ok) return this.fail(result);
    this.io.out(this.flags.json || !human ? JSON.stringify(result.value, null, 2) : human(result.value));
    return EXIT.ok;
  }

  fail(result: { error: { code: string; message: string } }): number {
    if (this.flags.json) this.io.out(JSON.stringify({ error: result.error }, null, 2));
    this.io.err(`error ${result.error.code}: ${result.error.message}`);
    return EXIT.failed;
  }

  /**
   * Opens the workspace — read-only for the commands in READ_ONLY_COMMANDS, else as its one writer
   * (holding its lock) — runs `body` against the in-process API, and always closes it.
   */
  async withBackend(dir: string, body: (api: Api, backend: Backend) => Promise<number>, options: { startIntake?: boolean } = {}): Promise<number> {
    const access = READ_ONLY_COMMANDS.has(this.verb) ? 'read' : 'write';
    const opened = openWorkspace(dir, {
      appVersion: APP_VERSION,
      access,
      owner: { app: 'Quayside CLI', command: this.verb },
      breakLock: this.flags['break-lock'] === true,
    });
    if (!opened.ok) return this.fail(opened);
    if (opened.value.readOnly) {
      const holder = workspaceHolder(opened.value.dir);
      if (holder) this.io.err(`(read-only: the workspace is in use by ${holder})`);
    }
    // One-shot commands leave the queue alone; only `ingest` reads documents.
    const backend = createBackend(opened.value, 'cli', { startIntake: options.startIntake ?? false });
    try {
      return await body(inProcessClient(backend, (method, error) => this.io.err(`bug in ${method}: ${String(error)}`)), backend);
    } finally {
      await backend.close();
    }
  }

  workspaceInit(dir: string | undefined): number {
    if (!dir) {
      this.io.err("workspace init needs a folder: 'quayside workspace init <dir>'.");
      return EXIT.failed;
    }
    const created = initWorkspace(dir, { appVersion: APP_VERSION, owner: { app: 'Quayside CLI', command: this.verb } });
    if (!created.ok) return this.fail(created);
    const path = created.value.dir;
    created.value.close();
    this.io.out(this.flags.json ? JSON.stringify({ workspace: path }) : `Created workspace ${path}`);
    return EXIT.ok;
  }

  async profileCreate(api: Api, backend: Backend): Promise<number> {
    const role = this.flags.role as Role | undefined;
    if (!this.flags.name || !role) {
      this.io.err(`profile create needs --name and --role (${ROLES.join(', ')}).`);
      return EXIT.failed;
    }
    if (this.flags.as) {
      const signedIn = await this.signInAs(api, this.flags.as);
      if (signedIn !== EXIT.ok) return signedIn;
    }
    const passphrase = await readPassphrase('QUAYSIDE_PASSPHRASE', `Passphrase for ${this.flags.name}: `, this.env);
    if (passphrase === undefined) {
      this.io.err('No passphrase: set QUAYSIDE_PASSPHRASE or run in a terminal to be asked.');
      return EXIT.failed;
    }
    const actor = backend.session.current?.profile.name;
    return this.printResult(api.profiles.create({ name: this.flags.name, role, passphrase }), (profile) =>
      [
        `Created ${profile.name} (${ROLE_LABELS[profile.role]})${actor ? `, added by ${actor}` : ''}`,
        `  id           ${profile.id}`,
        `  public key   ${profile.publicKey}`,
        `  fingerprint  ${profile.fingerprint}`,
      ].join('\n'),
    );
  }

  async ingest(api: Api, backend: Backend, files: readonly string[]): Promise<number> {
    if (files.length === 0) {
      this.io.err('ingest needs files: quayside ingest <files…> --as NAME');
      return EXIT.failed;
    }
    if (!this.flags.as) {
      this.io.err('ingest needs --as NAME: documents are added by a person (an analyst, risk officer or field verifier).');
      return EXIT.failed;
    }
    const signedIn = await this.signInAs(api, this.flags.as);
    if (signedIn !== EXIT.ok) return signedIn;
    const payload: { name: string; data: string }[] = [];
    const unreadable: string[] = [];
    for (const file of files) {
      // Only regular files, their size checked before a byte is read (a pipe or /dev/zero is refused).
      const read = readRegularFile(file, MAX_FILE_BYTES);
      if (read.ok) payload.push({ name: basename(file), data: read.value.toString('base64') });
      else unreadable.push(`error ${read.error.code}: ${read.error.message}`);
    }
    for (const line of unreadable) this.io.err(line);
    if (payload.length === 0) return EXIT.failed;
    const stop = api.on('documents.progress', (p) => {
      if (!this.flags.json) this.io.err(`  ${p.fileName}: ${p.stage}${p.pages ? ` ${p.page}/${p.pages}` : ''}${p.message ? ` — ${p.message}` : ''}`);
    });
    const added = await api.documents.ingest({ files: payload });
    if (!added.ok) return this.fail(added);
    await backend.intake.idle();
    stop();
    const results = [];
    for (const item of added.value.accepted) {
      const detail = await api.documents.get({ id: item.documentId });
      if (detail.ok) results.push({ ...item, status: detail.value.status, kind: detail.value.kind, error: detail.value.error, fields: Object.fromEntries(detail.value.fields.map((f) => [f.name, f.value])) });
    }
    if (this.flags.json) {
      this.io.out(JSON.stringify({ documents: results, rejected: added.value.rejected }, null, 2));
    } else {
      for (const r of results) {
        const note = r.duplicateOf ? ' (same bytes as an earlier document: not added twice)' : '';
        this.io.out(`${r.fileName}: ${r.status}${r.kind ? `, ${r.kind.replaceAll('_', ' ')}` : ''}, ${Object.keys(r.fields).length} fields${note}${r.error ? ` — ${r.error.message}` : ''}`);
      }
      for (const r of added.value.rejected) this.io.out(`${r.fileName}: rejected — ${r.message}`);
    }
    const failed = unreadable.length + added.value.rejected.length + results.filter((r) => r.status === 'failed').length;
    return failed > 0 ? EXIT.problem : EXIT.ok;
  }

  async documentsList(api: Api): Promise<number> {
    if (this.flags.as) {
      const signedIn = await this.signInAs(api, this.flags.as);
      if (signedIn !== EXIT.ok) return signedIn;
    } else {
      this.io.err('documents list needs --as NAME (any person of the workspace).');
      return EXIT.failed;
    }
    return this.printResult(api.documents.list({ ...(this.flags.search ? { text: this.flags.search } : {}) }), (docs) =>
      docs.length === 0
        ? 'No documents. Add some with quayside ingest <files…> --as NAME.'
        : docs
            .map((d) => `${d.status.padEnd(10)} ${(d.kind ?? '-').padEnd(15)} ${(d.party ?? '').slice(0, 30).padEnd(30)} ${d.amount === null ? ''.padStart(16) : `${d.currency ?? ''} ${d.amount.toFixed(2)}`.padStart(16)}  ${d.fileName}`)
            .join('\n'),
    );
  }

  /** Signs in the --as person for a command that needs one; EXIT.ok (0) when signed in. */
  async signInFor(api: Api, command: string): Promise<number> {
    if (!this.flags.as) {
      this.io.err(`${command} needs --as NAME (a person of the workspace; QUAYSIDE_AS_PASSPHRASE or a prompt).`);
      return EXIT.failed;
    }
    return this.signInAs(api, this.flags.as);
  }

  private async signInAs(api: Api, name: string): Promise<number> {
    const people = await api.profiles.list({});
    if (!people.ok) return this.fail(people);
    const person = people.value.find((p) => p.name.toLowerCase() === name.trim().toLowerCase());
    if (!person) {
      this.io.err(`No profile called ${name}. 'quayside profile list' shows who exists.`);
      return EXIT.failed;
    }
    const passphrase = await readPassphrase('QUAYSIDE_AS_PASSPHRASE', `Passphrase of ${person.name}: `, this.env);
    if (passphrase === undefined) {
      this.io.err(`No passphrase for ${person.name}: set QUAYSIDE_AS_PASSPHRASE or run in a terminal.`);
      return EXIT.failed;
    }
    const session = await api.session.signIn({ profileId: person.id, passphrase });
    return session.ok ? EXIT.ok : this.fail(session);
  }

  async profileList(api: Api): Promise<number> {
    return this.printResult(api.profiles.list({}), (people) =>
      people.length === 0
        ? "No people yet. Create the first with 'quayside profile create --name NAME --role risk_officer'."
        : people.map((p) => `${p.name.padEnd(24)} ${ROLE_LABELS[p.role].padEnd(17)} ${p.fingerprint}  ${p.id}`).join('\n'),
    );
  }

  async auditVerify(api: Api): Promise<number> {
    const result = await api.audit.verify({});
    if (!result.ok) return this.fail(result);
    this.io.out(this.flags.json ? JSON.stringify(result.value, null, 2) : describeVerification(result.value));
    return result.value.intact ? EXIT.ok : EXIT.problem;
  }

  async auditList(api: Api): Promise<number> {
    const limit = this.flags.limit === undefined ? 50 : Number(this.flags.limit);
    return this.printResult(api.audit.list({ limit, action: this.flags.action }), ({ rows, matched, total }) =>
      [
        ...rows.map((r) => `${String(r.seq).padStart(6)}  ${r.at}  ${r.actorName.padEnd(18)} ${r.action.padEnd(20)} ${r.entity}:${r.entityId}`),
        `${rows.length} shown of ${matched} matching (${total} entries in all)`,
      ].join('\n'),
    );
  }
}
