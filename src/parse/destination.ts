import {visibleLine} from '../match/visible.js';
import {localHost} from '../model.js';

/**
 * Host names and SSH destinations (issue 13's fixed rules). Pure.
 *
 * A host NAME is what a step's `host=` and the frontmatter's `hosts:` keys
 * say; a DESTINATION is what ssh is handed for it, as written, after `--`.
 */

/** What a host name looks like: a letter, then letters, digits, `_`, `.` or `-`. */
export const hostNamePattern = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** {@link hostNamePattern} in words, for messages. */
export const hostNameRule = 'a letter, then letters, digits, `_`, `.` or `-`';

/**
 * Why `name` cannot name a host declared in `hosts:` or by `--host`, or
 * undefined when it can. {@link localHost} is always this machine: it is
 * never declared.
 */
export function hostNameProblem(name: string): string | undefined {
	if (name === localHost) return `\`${localHost}\` is always this machine: it cannot be given another destination`;
	if (!hostNamePattern.test(name)) return `bad host name \`${name}\`: a host name is ${hostNameRule}`;
	return undefined;
}

/** A destination as parsed: this machine, or a host reached over ssh. `written` is the text as given, which ssh is handed. */
export type Destination =
	| {readonly kind: 'local'; readonly written: string}
	| {readonly kind: 'ssh'; readonly user?: string; readonly host: string; readonly port?: number; readonly written: string};

/** A destination that is refused, and why (a sentence that names the text). */
export type DestinationError = {readonly kind: 'error'; readonly error: string};

/** What a host (or an ssh config alias, or an IPv4 address) may hold: what OpenSSH's `valid_domain` takes for a URI's host. */
const hostPart = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/** A bare IPv6 address, with an optional zone (`fe80::1%eth0`): as `ssh user@::1` takes it. */
const ipv6 = /^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:%[A-Za-z0-9_.-]+)?$/;

/**
 * Parse an SSH destination as OpenSSH 9's `ssh` reads it (`ssh.c`, `misc.c`
 * `parse_uri`): `local` (this machine, no ssh), `host`, `user@host` (split
 * at the last `@`), `ssh://[user@]host[:port]` (the user percent-decoded,
 * Runme-style `;params` after it ignored as ssh ignores them), or an alias
 * of the ssh configuration (a `host`). An IPv6 address is written bare
 * (`user@fe80::1`): OpenSSH reads `[::1]` as a name it cannot resolve, and
 * refuses IPv6 in an `ssh://` URI (its host must be a valid domain).
 *
 * Refused, with the reason: an empty text, one starting with `-` (ssh would
 * read an option), one holding blanks or control characters, `host:port`
 * (ssh has no such form), a path after an `ssh://` host, a port outside
 * 1–65535, an empty user or host.
 */
export function parseDestination(text: string): Destination | DestinationError {
	const refuse = (why: string): DestinationError => ({kind: 'error', error: `bad destination \`${visibleLine(text)}\`: ${why}`});
	if (text === '') return {kind: 'error', error: 'bad destination: it is empty'};
	if (text.startsWith('-')) return refuse('it starts with `-`, which ssh would read as an option');
	if (/[\s\p{Cc}]/u.test(text)) return refuse('it holds blanks or control characters');
	if (text === localHost) return {kind: 'local', written: text};
	if (text.startsWith('ssh://')) return parseUri(text, refuse);
	const at = text.lastIndexOf('@');
	const user = at === -1 ? undefined : text.slice(0, at);
	const host = text.slice(at + 1);
	if (user === '') return refuse('the user before `@` is empty');
	const problem = hostProblem(host, false);
	if (problem) return refuse(problem);
	return {kind: 'ssh', ...(user === undefined ? {} : {user}), host, written: text};
}

function parseUri(text: string, refuse: (why: string) => DestinationError): Destination | DestinationError {
	let rest = text.slice('ssh://'.length);
	let user: string | undefined;
	const at = rest.indexOf('@');
	if (at !== -1) {
		const written = rest.slice(0, at).split(';')[0] ?? '';
		if (written === '') return refuse('the user before `@` is empty');
		try {
			user = decodeURIComponent(written);
		} catch {
			return refuse('the user holds a `%` that is not followed by two hexadecimal digits');
		}
		rest = rest.slice(at + 1);
	}
	if (rest.startsWith('[') || ipv6.test(rest)) return refuse('OpenSSH takes no IPv6 address in an `ssh://` destination: write it bare (`user@fe80::1`), with its port in an ssh configuration');
	const end = rest.search(/[:/]/);
	const host = end === -1 ? rest : rest.slice(0, end);
	const problem = hostProblem(host, true);
	if (problem) return refuse(problem);
	let port: number | undefined;
	let after = end === -1 ? '' : rest.slice(end);
	if (after.startsWith(':')) {
		const digits = /^:(\d*)/.exec(after)?.[1] ?? '';
		port = Number(digits);
		if (!/^\d{1,5}$/.test(digits) || port < 1 || port > 65_535) return refuse(`the port must be a number from 1 to 65535${digits ? `, not ${digits}` : ''}`);
		after = after.slice(1 + digits.length);
	}
	if (after !== '') return refuse('ssh takes no path after the host of an `ssh://` destination');
	return {kind: 'ssh', ...(user === undefined ? {} : {user}), host, ...(port === undefined ? {} : {port}), written: text};
}

/** Why `host` is no host ssh can be handed, or undefined. `uri`: inside `ssh://`, where an IPv6 address is refused. */
function hostProblem(host: string, uri: boolean): string | undefined {
	if (host === '') return 'the host is empty';
	if (host.startsWith('[')) return 'OpenSSH reads `[…]` as a host name it cannot resolve: write an IPv6 address bare (`user@fe80::1`)';
	if (!uri && ipv6.test(host)) return undefined;
	if (!uri && /^[^:]+:\d*$/.test(host)) return 'ssh takes no `:PORT` after a host: write `ssh://host:PORT`';
	if (!hostPart.test(host)) return 'a host is a name, an alias of the ssh configuration, or an address (letters, digits, `_`, `.` and `-`)';
	return undefined;
}
