/**
 * Security scan of the Electron shell with @doyensec/electronegativity, offline.
 *
 *   npx electron-vite build                       # the scan reads the built out/ as well
 *   npx tsx test/security/electronegativity.ts
 *
 * Scans `electron/` (sources), `out/` (the bundles and index.html that ship) and package.json (the
 * Electron version), then fails on every finding that `electronegativity-allow.json` does not list
 * with a written reason. Exit 0: nothing unexplained; exit 1: a new finding, a file the scanner could
 * not parse, or no build to scan.
 *
 * Electronegativity 1.10 is old and phones home twice: it downloads translations at start-up and
 * Electron's release list for AvailableSecurityFixesGlobalCheck. Both go through `got`, which is
 * replaced here by a stub that fails at once, so the scan never touches the network; the release-list
 * check is skipped because it cannot work without it (keeping Electron current is `npm outdated`'s job).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';

const ROOT = resolve(import.meta.dirname, '..', '..');
const ALLOW_FILE = join(ROOT, 'test', 'security', 'electronegativity-allow.json');
const REPORT_FILE = join(ROOT, 'test-results', 'electronegativity.json');
/** Skipped: needs Electron's release list from GitHub. */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

type Level = { readonly name: string };
type EngIssue = {
  readonly id: string;
  readonly file: string;
  readonly location: { readonly line: number; readonly column: number };
  readonly description: unknown;
  readonly severity: Level;
  readonly confidence: Level;
  readonly manualReview: boolean;
  readonly sample?: string;
};
type EngError = { readonly file: string; readonly message: string; readonly tolerable: boolean };
type EngResult = {
  readonly globalChecks: number;
  readonly atomicChecks: number;
  readonly errors: readonly EngError[];
  readonly issues: readonly EngIssue[];
};
type EngOptions = {
  readonly input: string;
  readonly isRelative: boolean;
  readonly electronVersionOverride: string;
  readonly excludeFromScan: readonly string[];
};
type EngRun = (options: EngOptions) => Promise<EngResult>;

const AllowEntry = z
  .object({
    check: z.string().min(1),
    /** Path as scanned (`electron/main/window.ts`, `out/main/index.js`, `N/A` for global checks); `*` and `**` allowed. */
    file: z.string().min(1).optional(),
    reason: z.string().trim().min(20, 'Write a reason a reviewer can check (20 characters or more).'),
  })
  .strict();
const AllowList = z.array(AllowEntry);
type AllowEntry = z.infer<typeof AllowEntry>;

/** A finding in the shape this script prints and matches: one row of the table. */
type Finding = {
  readonly check: string;
  readonly file: string;
  readonly line: number;
  readonly level: string;
  readonly description: string;
};

const globToRegExp = (glob: string): RegExp =>
  new RegExp(
    `^${glob
      .split('**')
      .map((part) => part.split('*').map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'))
      .join('.*')}$`,
  );

/** The allow-list entry that explains `finding`, if any. */
function findAllowance(finding: Finding, allow: readonly AllowEntry[]): AllowEntry | undefined {
  return allow.find(
    (entry) =>
      entry.check.toUpperCase() === finding.check.toUpperCase() &&
      (entry.file === undefined || globToRegExp(entry.file).test(finding.file)),
  );
}

function loadAllowList(): AllowEntry[] {
  if (!existsSync(ALLOW_FILE)) return [];
  const parsed = AllowList.safeParse(JSON.parse(readFileSync(ALLOW_FILE, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    console.error(`${ALLOW_FILE}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
    process.exit(1);
  }
  return parsed.data;
}

/** Loads electronegativity with `got` replaced by an always-offline stub (see the header). */
function loadElectronegativity(): EngRun {
  const engRequire = createRequire(join(ROOT, 'node_modules', '@doyensec', 'electronegativity', 'package.json'));
  const gotPath = engRequire.resolve('got');
  const offline = (): Promise<never> => Promise.reject(new Error('Quayside scans offline'));
  const stub = Object.assign(offline, { head: offline, get: offline, default: offline, __esModule: true });
  const stubModule = new Module(gotPath);
  stubModule.filename = gotPath;
  stubModule.loaded = true;
  stubModule.exports = stub;
  engRequire.cache[gotPath] = stubModule;
  return engRequire('@doyensec/electronegativity') as EngRun;
}

// Electronegativity only reads .js/.jsx/.ts/.tsx/.html, so the CommonJS preload (index.cjs) would be
// skipped silently; it is staged as `index.cjs.js` and reported under its real name.
const SCANNED_AS_JS = /\.(cjs|mjs|cts|mts)$/;
const STAGED_SUFFIX = '.js';
const realName = (file: string): string =>
  file.endsWith(STAGED_SUFFIX) && SCANNED_AS_JS.test(file.slice(0, -STAGED_SUFFIX.length))
    ? file.slice(0, -STAGED_SUFFIX.length)
    : file;

/** Copies what ships (sources, bundles, package.json) into a folder of its own, so nothing else is scanned. */
function stage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'quayside-eng-'));
  const copyTree = (from: string, to: string): void => {
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      const source = join(from, entry.name);
      if (entry.isDirectory()) copyTree(source, join(to, entry.name));
      else if (entry.isFile() && !entry.name.endsWith('.map')) {
        mkdirSync(to, { recursive: true });
        copyFileSync(source, join(to, SCANNED_AS_JS.test(entry.name) ? `${entry.name}${STAGED_SUFFIX}` : entry.name));
      }
    }
  };
  copyTree(join(ROOT, 'electron'), join(dir, 'electron'));
  copyTree(join(ROOT, 'out'), join(dir, 'out'));
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  return dir;
}

/**
 * Proves the scanner still sees something under this Node version: a window that turns on Node and
 * turns off isolation must produce the matching findings. Without this, a scanner that silently
 * stopped parsing would pass every build.
 */
async function canaryDetects(run: EngRun, electronVersion: string): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'quayside-eng-canary-'));
  try {
    writeFileSync(
      join(dir, 'canary.ts'),
      "import { BrowserWindow } from 'electron';\n" +
        'export const open = (): BrowserWindow =>\n' +
        // No `sandbox` key: electronegativity 1.10 stops reporting nodeIntegration whenever one is present.
        '  new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\n',
    );
    const result = await run({
      input: dir,
      isRelative: true,
      electronVersionOverride: electronVersion,
      excludeFromScan: EXCLUDED_CHECKS.map((check) => check.toLowerCase()),
    });
    const ids = new Set(result.issues.map((issue) => issue.id));
    return ['NODE_INTEGRATION_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK'].every((id) => ids.has(id));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
const oneLine = (value: string, width: number): string => {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
};

function printTable(rows: readonly (readonly string[])[]): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const [index, row] of rows.entries()) {
    console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  }
}

async function main(): Promise<number> {
  if (!existsSync(join(ROOT, 'out', 'main', 'index.js')) || !existsSync(join(ROOT, 'out', 'preload', 'index.cjs'))) {
    console.error('No build to scan: out/main/index.js or out/preload/index.cjs is missing. Run `npx electron-vite build` first.');
    return 1;
  }
  const rendererBuilt = existsSync(join(ROOT, 'out', 'renderer', 'index.html'));
  const allow = loadAllowList();
  const electronVersion = (
    JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }
  ).version;
  const run = loadElectronegativity();
  const staged = stage();

  // Quiet the one line electronegativity prints when its translation download fails (it always does here).
  const log = console.log;
  console.log = (...args: unknown[]) => {
    if (!String(args[0]).startsWith('Could not retrieve updated translations')) log(...args);
  };
  let result: EngResult;
  let canaryOk: boolean;
  try {
    process.env.LANG = 'en-US';
    canaryOk = await canaryDetects(run, electronVersion);
    result = await run({
      input: staged,
      isRelative: true,
      electronVersionOverride: electronVersion,
      excludeFromScan: EXCLUDED_CHECKS.map((check) => check.toLowerCase()),
    });
  } finally {
    console.log = log;
    rmSync(staged, { recursive: true, force: true });
  }

  const findings: Finding[] = [
    ...result.issues.map((issue) => ({
      check: issue.id,
      file: realName(issue.file.split('\\').join('/')),
      line: issue.location.line,
      level: `${issue.severity.name}/${issue.confidence.name}`,
      description: text(issue.description),
    })),
    // A file the scanner could not parse was not checked at all: that is a failure, not a pass.
    ...result.errors.map((error) => ({
      check: error.tolerable ? 'PARSE_WARNING' : 'PARSE_ERROR',
      file: realName(error.file.startsWith(staged) ? error.file.slice(staged.length + 1) : error.file),
      line: 0,
      level: error.tolerable ? 'LOW/TOLERABLE' : 'HIGH/UNSCANNED',
      description: error.message,
    })),
  ];

  if (!canaryOk) {
    findings.push({
      check: 'SCANNER_BLIND',
      file: 'test/security/electronegativity.ts',
      line: 0,
      level: 'HIGH/CERTAIN',
      description: 'electronegativity did not flag a deliberately insecure BrowserWindow; its results cannot be trusted.',
    });
  }

  const judged = findings.map((finding) => ({ finding, allowance: findAllowance(finding, allow) }));
  const failing = judged.filter((row) => !row.allowance);
  const unused = allow.filter((entry) => !judged.some((row) => row.allowance === entry));

  console.log(
    `electronegativity: ${result.atomicChecks} atomic + ${result.globalChecks} global checks (skipped: ${EXCLUDED_CHECKS.join(', ')}), ` +
      `Electron ${electronVersion}, scanned electron/, out/${rendererBuilt ? '' : ' (no renderer build yet: index.html and its CSP were not scanned)'} and package.json`,
  );
  console.log('');
  if (judged.length > 0) {
    printTable([
      ['status', 'check', 'level', 'where', 'why'],
      ...judged.map(({ finding, allowance }) => [
        allowance ? 'allowed' : 'FAIL',
        finding.check,
        finding.level,
        finding.line > 0 ? `${finding.file}:${finding.line}` : finding.file,
        oneLine(allowance ? allowance.reason : finding.description, 90),
      ]),
    ]);
  } else {
    console.log('No findings.');
  }
  for (const entry of unused) {
    console.log(`\nnote: allow entry ${entry.check}${entry.file ? ` (${entry.file})` : ''} matched nothing this run.`);
  }

  mkdirSync(dirname(REPORT_FILE), { recursive: true });
  writeFileSync(
    REPORT_FILE,
    `${JSON.stringify({ electronVersion, rendererBuilt, findings: judged.map(({ finding, allowance }) => ({ ...finding, allowed: allowance?.reason ?? null })) }, null, 2)}\n`,
  );
  console.log(`\n${findings.length} findings: ${findings.length - failing.length} allowed, ${failing.length} failing. Full report: ${REPORT_FILE}`);
  return failing.length > 0 ? 1 : 0;
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error('The electronegativity scan crashed:', error);
    process.exit(1);
  });
