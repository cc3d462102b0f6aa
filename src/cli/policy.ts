import { readFile, writeFile } from 'node:fs/promises';
import type { Api } from '../shared/api';
import { canonicalJson } from '../core/canonical-json';
import { EXIT } from './output';
import type { Output } from './output';

/**
 * `quayside policy export [--out FILE]`: the policy in force as a JSON document, keys sorted, the
 * form `policy set` reads back, so a risk team can keep its policy in version control.
 */
export async function policyExport(api: Api, io: Output, out: string | undefined): Promise<number> {
  const current = await api.policy.get({});
  if (!current.ok) {
    io.err(`error ${current.error.code}: ${current.error.message}`);
    return EXIT.failed;
  }
  const text = `${JSON.stringify(JSON.parse(canonicalJson(current.value.policy)), null, 2)}\n`;
  if (out) {
    await writeFile(out, text);
    io.err(`Policy version ${current.value.version} written to ${out}.`);
  } else io.out(text.trimEnd());
  return EXIT.ok;
}

/**
 * `quayside policy set FILE --note TEXT --as NAME`: validates the file, prints what it changes
 * (labelled paths, before → after) and saves it as a new version, audited with the note and the diff.
 * An invalid file is refused with every error and its path; nothing is saved.
 */
export async function policySet(api: Api, io: Output, file: string | undefined, note: string | undefined, json: boolean): Promise<number> {
  if (!file) {
    io.err('policy set needs a file: quayside policy set policy.json --note "why" --as NAME');
    return EXIT.failed;
  }
  if (!note?.trim()) {
    io.err('policy set needs --note "why the policy changes": every saved version carries its reason.');
    return EXIT.failed;
  }
  let draft: unknown;
  try {
    draft = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `is not JSON (${error instanceof Error ? error.message : String(error)})`;
    io.err(`${file} ${reason}. Write the policy as JSON, for example with 'quayside policy export --out ${file}'.`);
    return EXIT.failed;
  }
  const preview = await api.policy.preview({ policy: draft });
  if (!preview.ok) {
    io.err(`error ${preview.error.code}: ${preview.error.message}`);
    return EXIT.failed;
  }
  if (!preview.value.valid) {
    if (json) io.out(JSON.stringify({ valid: false, errors: preview.value.errors }, null, 2));
    io.err(`${file} is not a valid policy (${preview.value.errors.length} error${preview.value.errors.length === 1 ? '' : 's'}); nothing was saved:`);
    for (const e of preview.value.errors) io.err(`  ${e.path}: ${e.message}`);
    return EXIT.failed;
  }
  if (preview.value.changes.length === 0) {
    io.err(`${file} is the policy in force already; nothing to save.`);
    return EXIT.ok;
  }
  const saved = await api.policy.save({ policy: draft, note });
  if (!saved.ok) {
    io.err(`error ${saved.error.code}: ${saved.error.message}`);
    return EXIT.failed;
  }
  if (json) io.out(JSON.stringify({ valid: true, version: saved.value.version, changes: preview.value.changes }, null, 2));
  else {
    io.out(`Policy version ${saved.value.version} saved (${preview.value.changes.length} change${preview.value.changes.length === 1 ? '' : 's'}):`);
    for (const c of preview.value.changes) io.out(`  ${c.path}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`);
  }
  return EXIT.ok;
}
