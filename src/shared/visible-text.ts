/**
 * Text from outside (file names, CSV cells) shown to a person: characters that would act instead of
 * show — a line break splitting a log line, an ANSI escape recolouring or moving a terminal's cursor,
 * a bidirectional override turning `invoice‮fdp.exe` around — are replaced by a visible mark, so
 * what is shown is what the bytes say. React already escapes HTML; this is about control characters.
 */

const NAMED: Readonly<Record<string, string>> = { '\n': '⏎', '\t': '⇥' };

// C0 and C1 controls, DEL; zero-width and bidirectional formatting marks; line and paragraph
// separators; the byte-order mark; and UTF-16 halves without their pair.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The character as `\u{…}` (hex code), or ⏎ for a line break and ⇥ for a tab. */
const mark = (ch: string): string => NAMED[ch] ?? `\\u{${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`;

/** `text` with every control or invisible formatting character made visible (⏎, ⇥, `\u{1B}`…). */
export const visibleText = (text: string): string => text.replace(INVISIBLE, mark);

// Only what can act on a terminal: C0 controls but tab and line feed, DEL, C1 controls (0x9B is an
// escape sequence's start on its own), and bidirectional overrides.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A line about to be written to a terminal, with what could still act there written as a JSON
 * escape (`\u001b`): the last guard behind `visibleText`, and one that keeps JSON output valid JSON
 * meaning the same.
 */
export const terminalSafe = (line: string): string =>
  line.replace(TERMINAL_CONTROLS, (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
