/**
 * Visible text: the one rule for writing text that came from a runbook or
 * from a step's output where a person reads it (a terminal, a report), so
 * that it shows what it holds and never acts on the terminal: an `ESC[2J` in
 * an attribute value is written `\x1b[2J` in the diagnostic, not sent to the
 * screen it would clear.
 *
 * Escaped: Unicode's control characters (category Cc: C0 U+0000–U+001F, DEL
 * U+007F, C1 U+0080–U+009F, where a terminal reads `U+009B` as `ESC[`), and
 * the characters that are not text at all and that XML 1.0 and YAML 1.2
 * forbid (U+FFFE, U+FFFF, a surrogate without its pair). Each is written as a
 * JavaScript string literal writes it: `\n` and `\r` by name, the others as
 * `\xNN` up to U+00FF and `\uNNNN` above, in lower case (`\x1b`, `\x00`,
 * `\x9b`, `\ufffe`). A tab is kept (it only moves the cursor right), and so
 * is a newline in text of several lines. A backslash is not escaped: the
 * notation is for reading, not for reading back, and patterns and paths are
 * full of backslashes.
 *
 * Step output shown as a terminal shows it (`terminalLines`) holds no
 * control character but the tab already; this is for everything else.
 */

// Cc but tab and newline, the two non-characters of the BMP, and lone surrogates (code units: no `u` flag).
// eslint-disable-next-line no-control-regex
const notShownKeepingNewlines = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// The same, newline included.
// eslint-disable-next-line no-control-regex
const notShown = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * One character (one UTF-16 code unit) as its visible escape.
 *
 * @example escapeCharacter('\u001b') // '\\x1b'
 * @example escapeCharacter('\ufffe') // '\\ufffe'
 */
export function escapeCharacter(char: string): string {
	if (char === '\n') return '\\n';
	if (char === '\r') return '\\r';
	const code = char.charCodeAt(0);
	return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

function escapeAll(text: string, pattern: RegExp): string {
	pattern.lastIndex = 0;
	// Most text has nothing to escape: return it as it is, without copying.
	if (!pattern.test(text)) return text;
	return text.replace(pattern, escapeCharacter);
}

/**
 * Text of one line (a diagnostic, a name, a title, a message): every control
 * character but the tab escaped, newlines included, so the line stays one.
 *
 * @example visibleLine('bad value `\u001b[2J`') // 'bad value `\\x1b[2J`'
 * @example visibleLine('a\nb') // 'a\\nb'
 */
export function visibleLine(text: string): string {
	return escapeAll(text, notShown);
}

/**
 * Text of several lines (a command, a diff, output): as `visibleLine`, but
 * newlines are kept. A carriage return is escaped (`\r`): it would move the
 * cursor back over what is already written.
 *
 * @example visibleText('one\ntwo\u0007') // 'one\ntwo\\x07'
 */
export function visibleText(text: string): string {
	return escapeAll(text, notShownKeepingNewlines);
}

// What JSON.stringify leaves raw that a terminal may act on (DEL, C1) or that is no text (U+FFFE, U+FFFF).
const rawInJson = /[\u007f-\u009f\ufffe\uffff]/g;

/**
 * `JSON.stringify(value, null, indent)`, with DEL, the C1 control
 * characters, U+FFFE and U+FFFF written as `\u` escapes too (JSON.stringify
 * escapes only C0 and lone surrogates): the same value, and nothing in it
 * that acts on a terminal that shows the document or that is no text.
 */
export function jsonText(value: unknown, indent = 2): string {
	const text = JSON.stringify(value, null, indent);
	rawInJson.lastIndex = 0;
	if (!rawInJson.test(text)) return text;
	return text.replace(rawInJson, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
