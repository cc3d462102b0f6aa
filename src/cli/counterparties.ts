import { readFileSync, writeFileSync } from 'node:fs';
import type { Api } from '../shared/api';
import { COUNTERPARTY_KINDS } from '../shared/checks';
import type { CounterpartyKind } from '../shared/checks';
import type { PolicyVersion } from '../shared/policy';
import { parseCsv } from '../core/csv';
import { guessCounterpartyKind } from '../backend/counterparties/counterparties-csv';
import { EXIT } from './output';
import type { Output } from './output';

const isKind = (value: string | undefined): value is CounterpartyKind => (COUNTERPARTY_KINDS as readonly string[]).includes(value ?? '');

/** `quayside counterparties import <csv> [--kind K]`: exit 1 when some rows were rejected. */
export async function counterpartiesImport(api: Api, io: Output, file: string | undefined, kindFlag: string | undefined, json: boolean): Promise<number> {
  if (!file) {
    io.err('counterparties import needs a CSV file: quayside counterparties import <csv> --kind supplier|buyer|escrow --as NAME');
    return EXIT.failed;
  }
  let csv: string;
  try {
    csv = readFileSync(file, 'utf8');
  } catch (error) {
    io.err(`${file} cannot be read (${error instanceof Error ? error.message : String(error)}).`);
    return EXIT.failed;
  }
  let kind: CounterpartyKind | null;
  if (kindFlag !== undefined) {
    if (!isKind(kindFlag)) {
      io.err(`--kind is one of ${COUNTERPARTY_KINDS.join(', ')}, not ${kindFlag}.`);
      return EXIT.failed;
    }
    kind = kindFlag;
  } else {
    const parsed = parseCsv(csv);
    kind = parsed.ok && parsed.rows[0] ? guessCounterpartyKind(parsed.rows[0].cells) : null;
    if (!kind) {
      io.err(`Cannot tell from the columns of ${file} whether it lists suppliers, buyers or escrow accounts; add --kind supplier|buyer|escrow.`);
      return EXIT.failed;
    }
  }
  const result = await api.counterparties.import({ kind, csv });
  if (!result.ok) {
    if (json) io.out(JSON.stringify({ error: result.error }, null, 2));
    io.err(`error ${result.error.code}: ${result.error.message}`);
    return EXIT.failed;
  }
  const report = result.value;
  if (json) {
    io.out(JSON.stringify({ kind, ...report }, null, 2));
  } else {
    io.out(`${file} (${kind}): ${report.created} created, ${report.updated} updated, ${report.rejected.length} rejected`);
    for (const r of report.rejected) io.out(`  ${r.message}`);
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
