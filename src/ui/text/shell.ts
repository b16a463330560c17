import {promptText} from '../../reporters/hosts.js';
import {lineWidth, span, wrapPreserving, type Line, type Span, type Style} from './styled.js';

const styles = {
	prompt: {color: 'gray', bold: true},
	host: {color: 'cyan', bold: true},
	command: {bold: true, color: 'white'},
	flag: {color: 'cyan'},
	string: {color: 'green'},
	variable: {color: 'yellow'},
	operator: {color: 'magenta'},
	comment: {color: 'gray', italic: true},
} satisfies Record<string, Style>;

type State = {quote: '' | "'" | '"'; commandNext: boolean};

const operator = /^(?:\|\||&&|;;|\|&|[|&;()]|\d*>>?(?:&\d*-?)?|\d*<<?-?|&>)/;
const variable = /^\$(?:\{[^}]*\}?|\(\(?|[A-Za-z_][A-Za-z0-9_]*|[0-9?#@*$!-])/;
const word = /^[^\s|&;()<>'"$`]+/;

/** Highlight one line of shell; `state` carries an open quote to the next line. */
function highlightLine(text: string, state: State): Span[] {
	const spans: Span[] = [];
	const push = (part: string, style?: Style) => {
		if (part) spans.push(span(part, style));
	};
	let rest = text;
	while (rest.length > 0) {
		if (state.quote) {
			const close = state.quote === "'" ? rest.indexOf("'") : findDoubleQuoteEnd(rest);
			const end = close === -1 ? rest.length : close + 1;
			pushQuoted(rest.slice(0, end), state.quote, push);
			if (close !== -1) state.quote = '';
			rest = rest.slice(end);
			continue;
		}
		const blank = /^\s+/.exec(rest)?.[0];
		if (blank) {
			push(blank);
			rest = rest.slice(blank.length);
			continue;
		}
		if (rest.startsWith('#')) {
			push(rest, styles.comment);
			break;
		}
		if (rest[0] === "'" || rest[0] === '"') {
			state.quote = rest[0];
			push(rest[0], styles.string);
			rest = rest.slice(1);
			state.commandNext = false;
			continue;
		}
		const op = operator.exec(rest)?.[0];
		if (op) {
			push(op, styles.operator);
			if (/^(?:\|\||&&|;;|\|&|[|&;(])$/.test(op)) state.commandNext = true;
			rest = rest.slice(op.length);
			continue;
		}
		const name = variable.exec(rest)?.[0];
		if (name) {
			push(name, styles.variable);
			rest = rest.slice(name.length);
			state.commandNext = false;
			continue;
		}
		const token = word.exec(rest)?.[0] ?? rest[0] ?? '';
		const assignment = /^[A-Za-z_][A-Za-z0-9_]*=/.test(token);
		if (state.commandNext && !assignment) {
			push(token, styles.command);
			state.commandNext = token === 'sudo' || token === 'time' || token === 'exec' || token === '!' || token === 'then' || token === 'do' || token === 'else';
		} else push(token, token.startsWith('-') ? styles.flag : assignment ? styles.variable : undefined);
		rest = rest.slice(token.length);
	}
	if (!state.quote && !/\\$/.test(text)) state.commandNext = true;
	return spans;
}

function findDoubleQuoteEnd(text: string): number {
	for (let i = 0; i < text.length; i++) {
		if (text[i] === '\\') i++;
		else if (text[i] === '"') return i;
	}
	return -1;
}

function pushQuoted(text: string, quote: string, push: (part: string, style?: Style) => void): void {
	if (quote === "'") {
		push(text, styles.string);
		return;
	}
	// Variables inside double quotes still expand: show them.
	let rest = text;
	while (rest.length > 0) {
		const at = rest.search(/\$[{(A-Za-z_0-9?#@*$!]/);
		if (at === -1) {
			push(rest, styles.string);
			return;
		}
		push(rest.slice(0, at), styles.string);
		const name = variable.exec(rest.slice(at))?.[0] ?? '$';
		push(name, styles.variable);
		rest = rest.slice(at + name.length);
	}
}

/**
 * A command as the player shows it: the prompt before the first line (`$ `,
 * or `NAME $ ` when `host` is given: `promptText`), highlighted as shell,
 * later and wrapped lines indented under the command, long lines wrapped
 * (never cut: a person must see all of it).
 */
export function shellLines(command: string, width: number, host?: string): Line[] {
	const state: State = {quote: '', commandNext: true};
	const prompt: Line = host === undefined ? [span(promptText(undefined), styles.prompt)] : [span(host, styles.host), span(promptText(host).slice(host.length), styles.prompt)];
	const indent: Line = [span(' '.repeat(lineWidth(prompt)))];
	return command.split('\n').flatMap((text, index) => {
		const line: Line = [...(index === 0 ? prompt : indent), ...highlightLine(text, state)];
		return wrapPreserving(line, width, indent);
	});
}
