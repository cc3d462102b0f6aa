const pad = (value: number): string => String(value).padStart(2, '0');

/** An ISO instant as unambiguous local time, `yyyy-mm-dd hh:mm:ss` (the shape audit readers expect). */
export function formatLocalTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** An ISO instant as a local date only. */
export function formatLocalDate(iso: string): string {
  return formatLocalTime(iso).slice(0, 10);
}

/** The first characters of a hex hash, enough to tell entries apart at a glance. */
export const shortHash = (hash: string, length = 12): string => hash.slice(0, length);

/** A key fingerprint in groups of four, the way people read it aloud to compare. */
export const groupFingerprint = (fingerprint: string): string => fingerprint.match(/.{1,4}/g)?.join(' ') ?? fingerprint;

/** The last folder of a path, which is what people call their workspace. */
export function folderName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts.at(-1) ?? path;
}

/** A details object as one short line: `name: Ana Silva · role: risk_officer`. */
export function summarizeDetails(details: Readonly<Record<string, unknown>>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`)
    .join(' · ');
}
