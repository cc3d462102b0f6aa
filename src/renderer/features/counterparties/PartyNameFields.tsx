import type { ReactElement } from 'react';
import { Field } from '../../ui/Field';
import type { FormIssues } from './form-issues';

/**
 * The legal name and aliases of a supplier or buyer: what the checks match the names printed on
 * invoices and bills of lading against. Alias errors (`aliases.3`) show under the one field.
 */
export function PartyNameFields({
  legalName,
  onLegalName,
  aliases,
  onAliases,
  aliasRows,
  issues,
}: {
  readonly legalName: string;
  readonly onLegalName: (value: string) => void;
  readonly aliases: string;
  readonly onAliases: (value: string) => void;
  readonly aliasRows: number;
  readonly issues: FormIssues;
}): ReactElement {
  const aliasError = [...issues.fields].find(([path]) => path.startsWith('aliases'))?.[1] ?? null;
  return (
    <>
      <Field label="Legal name" error={issues.fields.get('legalName') ?? null}>
        {(props) => <input {...props} className="input" data-autofocus value={legalName} onChange={(e) => onLegalName(e.target.value)} />}
      </Field>
      <Field label="Aliases" hint="Other names on invoices and B/Ls — one per line, or separated by commas." error={aliasError}>
        {(props) => <textarea {...props} className="input cp-textarea" rows={aliasRows} value={aliases} onChange={(e) => onAliases(e.target.value)} />}
      </Field>
    </>
  );
}
