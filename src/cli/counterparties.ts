import { writeFileSync } from 'node:fs';
import type { Api } from '../shared/api';
import { COUNTERPARTY_KINDS } from '../shared/checks';
import type { CounterpartyKind } from '../shared/checks';
import type { PolicyVersion } from '../shared/policy';
import { visibleText } from '../shared/visible-text';
import { decodeCsvBytes, parseCsv } from '../core/csv';
import { guessCounterpartyKind } from '../backend/counterparties/counterparties-csv';
import { readRegularFile } from '../backend/intake/regular-file';
import { EXIT } from './output';
import type { Output } from './output';

const isKind = (value: string | undefined): value is CounterpartyKind => (COUNTERPARTY_KINDS as readonly string[]).includes(value ?? '');

/** The most a CSV file may weigh (what `counterparties.import` accepts). */
const MAX_CSV_BYTES = 20_000_000;

/** `quayside counterparties import <csv> [--kind K]`: exit 1 when some rows were rejected. */
export async function counterpartiesImport(api: Api, io: Output, file: string | undefined, kindFlag: string | undefined, json: boolean): Promise<number> {
  if (!file) {
    io.err('counterparties import needs a CSV file: quayside counterparties import <csv> --kind supplier|buyer|escrow --as NAME');
    return EXIT.failed;
  }
  const shown = visibleText(file);
  const read = readRegularFile(file, MAX_CSV_BYTES);
  if (!read.ok) {
    io.err(read.error.message);
    return EXIT.failed;
  }
  const bytes = read.value;
  let kind: CounterpartyKind | null;
  if (kindFlag !== undefined) {
    if (!isKind(kindFlag)) {
      io.err(`--kind is one of ${COUNTERPARTY_KINDS.join(', ')}, not ${visibleText(kindFlag)}.`);
      return EXIT.failed;
    }
    kind = kindFlag;
  } else {
    // The header tells the kind; when the file cannot be decoded the backend says why.
    const decoded = decodeCsvBytes(bytes);
    if (!decoded.ok) {
      io.err(`error COUNTERPARTY.CSV_ENCODING: ${visibleText(decoded.message)}`);
      return EXIT.failed;
    }
    const parsed = parseCsv(decoded.text.slice(0, decoded.text.search(/\r?\n|$/)));
    kind = parsed.ok && parsed.rows[0] ? guessCounterpartyKind(parsed.rows[0].cells) : null;
    if (!kind) {
      io.err(`Cannot tell from the columns of ${shown} whether it lists suppliers, buyers or escrow accounts; add --kind supplier|buyer|escrow.`);
      return EXIT.failed;
    }
  }
  const result = await api.counterparties.import({ kind, data: Buffer.from(bytes).toString('base64') });
  if (!result.ok) {
    if (json) io.out(JSON.stringify({ error: result.error }, null, 2));
    io.err(`error ${result.error.code}: ${visibleText(result.error.message)}`);
    return EXIT.failed;
  }
  const report = result.value;
  if (json) {
    io.out(JSON.stringify({ kind, ...report }, null, 2));
  } else {
    const decodedAs = report.encoding && report.encoding !== 'UTF-8' ? ` (read as ${report.encoding})` : '';
    io.out(`${shown} (${kind})${decodedAs}: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected.length} rejected`);
    for (const u of report.updates) io.out(`  Line ${u.line}: updated ${visibleText(u.name)} (${visibleText(u.id)}): ${u.fields.join(', ')}`);
    for (const r of report.rejected) io.out(`  ${visibleText(r.message)}`);
  }
  return report.rejected.length > 0 ? EXIT.problem : EXIT.ok;
}

/** `quayside counterparties export --kind K [--out file]`: the import format, to a file or stdout. */
export async function counterpartiesExport(api: Api, io: Output, kindFlag: string | undefined, out: string | undefined): Promise<number> {
  if (!isKind(kindFlag)) {
    io.err(`counterparties export needs --kind ${COUNTERPARTY_KINDS.join('|')}.`);
    return EXIT.failed;
  }
  const file = await api.counterparties.export({ kind: kindFlag });
  if (!file.ok) {
    io.err(`error ${file.error.code}: ${file.error.message}`);
    return EXIT.failed;
  }
  if (out) {
    writeFileSync(out, file.value.data, 'utf8');
    io.err(`Wrote ${out}`);
  } else {
    // A terminal has no use for the byte order mark spreadsheets want.
    io.out(file.value.data.replace(/^\ufeff/, '').replace(/\r\n$/, '').replaceAll('\r\n', '\n'));
  }
  return EXIT.ok;
}

/** Every leaf of the policy as `path = value`, in document order. */
export function policyLines(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) return [`${path} = ${value.map((v) => String(v)).join(', ')}`];
    return value.flatMap((v, i) => policyLines(v, `${path}[${i}]`));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => policyLines(v, path ? `${path}.${k}` : k));
  }
  return [`${path} = ${String(value)}`];
}

/** The human form of `quayside policy show`. */
export function describePolicy(p: PolicyVersion): string {
  return [
    `Policy version ${p.version}, saved ${p.savedAt} by ${p.savedByName}`,
    `  note  ${p.note}`,
    `  hash  ${p.hash}`,
    '',
    ...policyLines(p.policy).map((line) => `  ${line}`),
  ].join('\n');
}
