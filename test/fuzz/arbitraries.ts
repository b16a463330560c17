/**
 * Hostile input for the parser, the matcher and the updater: random runbooks
 * built from the pieces real ones have, pushed to what breaks parsers (deep
 * nesting, long lines, invalid UTF-8, control characters, nested comments,
 * deep JSON), and random expected/actual output pairs with patterns.
 */
import fc from 'fast-check';

/** Text as a file read as UTF-8 gives it: invalid bytes become U+FFFD. */
const bytesAsText = fc.uint8Array({maxLength: 40}).map((bytes) => new TextDecoder().decode(bytes));

const word = fc.constantFrom('echo', 'hi', 'run', '$', '>', '#', '-', '*', '`', '```', '~~~', '{', '}', '{{', '}}', '[..]', '...', '<!--', '-->', 'runbook', ':', '=', '"', "'", '\\', '|', '\t', '\u0000', '\u001b[2J', '\uFEFF', '\r', 'é', '👍', 'name', 'x');
const line = fc.oneof({weight: 6, arbitrary: fc.array(word, {maxLength: 12}).map((words) => words.join(' '))}, {weight: 1, arbitrary: bytesAsText});

const language = fc.constantFrom('sh', 'bash', 'Bash', 'console', 'shell-session', 'zsh', 'output', 'text', 'json', '', 'yaml');
const attributes = fc.oneof(
	fc.constant(''),
	fc.constantFrom(' {#a}', ' {#a timeout=1s}', ' {expect}', ' {patterns=off}', ' {background ready=/x/i}', ' {retry=1s every=2s}', ' {skip="why"}', ' {cleanup}', ' {exit=any}', ' {#a', ' {timeout=0s}', ' { terminalRows=20 }', ' {"name":"x","background":"true"}', ' {host=node1}', ' {host=-x}', ' {"host":"node2"}'),
	fc.nat(4000).map((depth) => ` {"name":${'['.repeat(depth)}${']'.repeat(depth)}}`),
);

const block = fc.record({language, attributes, body: fc.array(line, {maxLength: 6}), fence: fc.constantFrom('```', '````', '~~~'), closed: fc.boolean()}).map(
	({language, attributes, body, fence, closed}) => `${fence}${language}${attributes}\n${body.join('\n')}\n${closed ? fence : ''}`,
);

const hidden = fc.record({body: fc.array(line, {maxLength: 4}), nested: fc.nat(50)}).map(({body, nested}) => `${'<!-- runbook '.repeat(nested + 1)}$ ${body.join('\n')}\n${'-->'.repeat(nested + 1)}`);

/** A container prefix repeated `depth` times: quotes, list items, or both. */
const nesting = fc.record({marker: fc.constantFrom('> ', '- ', '1. ', '> - ', '  '), depth: fc.oneof({weight: 5, arbitrary: fc.nat(6)}, {weight: 1, arbitrary: fc.nat(5000)})});

/** A section's host comment, good or not. */
const sectionHost = fc.constantFrom('<!-- runbook {host=node1} -->', '<!-- runbook {host=local}\n-->', '<!-- runbook {host=} -->', '<!-- runbook {#a host=x} -->', '<!-- runbook {} -->');

const piece = fc.oneof(
	line,
	block,
	hidden,
	sectionHost,
	fc.string({maxLength: 8}).map((text) => `# ${text}`),
	fc.record({prefix: nesting, inner: fc.oneof(line, block)}).map(({prefix, inner}) => inner.split('\n').map((text) => prefix.marker.repeat(prefix.depth) + text).join('\n')),
	fc.nat(50_000).map((length) => 'x'.repeat(length)),
	fc.nat(500).map((depth) => `${'*'.repeat(depth)}a${'*'.repeat(depth)}`),
	fc.nat(3000).map((depth) => `${'['.repeat(depth)}a${']'.repeat(depth)}`),
);

const frontmatter = fc.oneof(
	fc.constant(''),
	fc.constantFrom('---\ntitle: T\n---\n', '---\ntimout: 1s\n---\n', '---\nenv: [1, 2]\n---\n', '---\nshell: fish\n---\n', '---\n: :\n---\n', '---\na: &a [*a]\n---\n', '---\nrunbook:\n  shell: sh\n---\n', '---\ntitle: T\n', '---\nhosts:\n  node1: root@x\n  local: y\n  n2: -o\nssh-config: c\n---\n', '---\nhosts: [a]\n---\n'),
	fc.nat(3000).map((depth) => `---\nkey: ${'['.repeat(depth)}${']'.repeat(depth)}\n---\n`),
);

/** A whole runbook: frontmatter, pieces, line endings, maybe a byte-order mark. */
export const runbookText = fc
	.record({front: frontmatter, pieces: fc.array(piece, {maxLength: 12}), crlf: fc.boolean(), bom: fc.boolean()})
	.map(({front, pieces, crlf, bom}) => {
		const text = `${front}${pieces.join('\n\n')}\n`;
		return `${bom ? '\uFEFF' : ''}${crlf ? text.replace(/\n/g, '\r\n') : text}`;
	});

const patternPiece = fc.constantFrom('[..]', '{{x}}', '{{n:int}}', '{{h:hex}}', '{{h7:hex7}}', '{{/a+/}}', '{{/(a+)+$/}}', '{{/(a|aa)*b/}}', '{{/.*.*.*=.*/}}', '{{ip:ipv4}}', '{{x}} {{x}}', 'literal', ' ', 'a', 'aaaa', '...');

/** An expected output with patterns, and an output that may or may not match it. */
export const matchCase = fc.record({
	expected: fc.array(fc.array(patternPiece, {maxLength: 6}).map((parts) => parts.join('')), {maxLength: 8}).map((lines) => lines.join('\n')),
	actual: fc.oneof(
		fc.array(fc.oneof(line, fc.constantFrom('a'.repeat(5000), `${'a'.repeat(40)}b`, '1.2.3.4', 'deadbeef', '')), {maxLength: 8}).map((lines) => `${lines.join('\n')}\n`),
		fc.nat(100_000).map((length) => `${'a'.repeat(length)}\n`),
	),
});
