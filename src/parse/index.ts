import type {Code, Html, Parents, Root, RootContent} from 'mdast';
import {toString} from 'mdast-util-to-string';
import GithubSlugger from 'github-slugger';
import type {HostUse, Runbook, Section, Step} from '../model.js';
import {createCollector, type Diagnostic} from './diagnostics.js';
import {checkTomlFrontmatter, parseFrontmatter} from './frontmatter.js';
import {defaultOptions, emptyRunbook, fallbackTitle} from './defaults.js';
import {createSourceMap} from './source.js';
import {parseMarkdown} from './markdown.js';
import {hiddenStepText} from './hidden.js';
import {checkPatterns} from './check-patterns.js';
import {codeBlockSteps, isExpectationBlock, readExpectation, readFence, type StepDraft} from './blocks.js';
import {parseConsoleLines} from './console.js';
import type {RawAttribute} from './attributes.js';
import {assignNames} from './names.js';
import {checkHasSteps} from './no-steps.js';
import {codeBlocks} from './block-nodes.js';
import {tooDeep} from './nesting.js';
import {moveTree} from './move-tree.js';
import {readSectionHost} from './section-host.js';
import {unknownHostDiagnostics} from './unknown-host.js';

export type ParseResult = {
	readonly runbook: Runbook;
	readonly diagnostics: readonly Diagnostic[];
};

export type ParseOptions = {
	/** Used for the default title. */
	readonly path?: string;
};

/**
 * Parse a runbook. Pure: the text in, the model and its diagnostics out.
 *
 * @example
 * const {runbook, diagnostics} = parseRunbook('# Hi\n\n```sh\necho hi\n```\n\n```output\nhi\n```\n');
 * runbook.steps[0]?.command // 'echo hi'
 */
export function parseRunbook(text: string, options: ParseOptions = {}): ParseResult {
	const {report, diagnostics} = createCollector();
	const deep = tooDeep(text);
	if (deep) {
		report(deep.message, deep, 'nesting-too-deep');
		return {runbook: emptyRunbook(options.path), diagnostics: [...diagnostics]};
	}
	const source = createSourceMap(text);
	const tree = parseMarkdown(text);
	let runbookOptions = defaultOptions;
	const sections: Section[] = [];
	const slugger = new GithubSlugger();
	const drafts: StepDraft[] = [];
	let section: Section | undefined;
	let prose: RootContent[] = [];
	let firstHeading: string | undefined;
	const declaredHosts = new Set<string>();
	const hostUses: HostUse[] = [];
	// The sections' default hosts in force, outermost first: each set by a `<!-- runbook {host=NAME} -->` under a heading of `depth` (0: before any).
	const sectionHosts: {depth: number; host: string | undefined}[] = [];

	// Once per place: the steps of one hidden transcript share their comment's `host=`.
	const hostPlaces = new Set<string>();
	const useHost = (name: string, at: {line: number; column: number}) => {
		const place = `${at.line}:${at.column}`;
		if (hostPlaces.has(place)) return;
		hostPlaces.add(place);
		hostUses.push({name, line: at.line, column: at.column});
	};

	const takeProse = () => {
		const taken = prose;
		prose = [];
		return taken;
	};

	const addSteps = (steps: StepDraft[]) => {
		const sectionHost = sectionHosts.at(-1)?.host;
		for (const step of steps) {
			// A step's own `host=` wins over its section's.
			if (step.attributes.host === undefined && sectionHost !== undefined) step.attributes = {...step.attributes, host: sectionHost};
			else if (step.attributes.host !== undefined && step.hostAt) useHost(step.attributes.host, step.hostAt);
			step.section = section?.slug ?? '';
			step.prose = takeProse();
			drafts.push(step);
		}
	};

	// Walks one parent; returns whether any step came from it.
	const walk = (parent: Parents, hidden: boolean, baseAttributes: readonly RawAttribute[] | undefined): boolean => {
		let found = false;
		let previousSteps: StepDraft[] | undefined;
		let previousConsole = false;
		for (const node of parent.children) {
			const stepsBefore = drafts.length;
			let stepsHere: StepDraft[] | undefined;
			let consoleHere = false;
			if (node.type === 'yaml' && parent.type === 'root') {
				const start = node.position?.start.line ?? 1;
				runbookOptions = parseFrontmatter(node.value, start + 1, report, declaredHosts);
				continue;
			}
			if (node.type === 'heading') {
				const title = toString(node);
				firstHeading ??= title;
				section = {title, slug: slugger.slug(title), depth: node.depth, line: node.position?.start.line ?? 1};
				sections.push(section);
				// A section's default host ends where a heading of its level or above starts the next one.
				while ((sectionHosts.at(-1)?.depth ?? 0) >= node.depth && sectionHosts.length > 0) sectionHosts.pop();
			} else if (node.type === 'code' && node.position) {
				if (isExpectationBlock(node, source)) {
					attachExpectation(node, previousSteps, previousConsole);
				} else {
					const result = codeBlockSteps(node, source, report, {hidden, baseAttributes});
					if (result) {
						stepsHere = result.steps;
						consoleHere = result.console;
						addSteps(result.steps);
					}
				}
			} else if (node.type === 'html' && hidden) {
				// HTML comments do not nest: a hidden step inside another would end at the first `-->`, and reading it would read the file again per level.
				if (/^<!--[ \t]*runbook\b/.test(node.value)) report('a hidden step cannot hold another `<!-- runbook` comment: HTML comments do not nest', node.position?.start ?? {line: 1, column: 1}, 'hidden-step');
			} else if (node.type === 'html') {
				const sectionHost = readSectionHost(node, source, report);
				if (sectionHost) {
					// It applies from here to the end of the section it stands in (a later one in the same section replaces it).
					const depth = section?.depth ?? 0;
					while (sectionHosts.length > 0 && (sectionHosts.at(-1)?.depth ?? 0) >= depth) sectionHosts.pop();
					sectionHosts.push({depth, host: sectionHost.host});
					if (sectionHost.host !== undefined) useHost(sectionHost.host, sectionHost.at);
				} else {
					const steps = hiddenSteps(node);
					if (steps.length > 0) stepsHere = steps;
				}
			} else if ('children' in node && node.children.length > 0 && node.type !== 'paragraph' && node.type !== 'table') {
				walk(node as Parents, hidden, baseAttributes);
			}
			if (drafts.length > stepsBefore) found = true;
			else if (parent.type === 'root' && !hidden && !(node.type === 'code' && isExpectationBlock(node, source))) prose.push(node);
			previousSteps = stepsHere;
			previousConsole = consoleHere;
		}
		return found;
	};

	const attachExpectation = (node: Code, previous: StepDraft[] | undefined, previousConsole: boolean) => {
		const at = {line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1};
		const expectation = readExpectation(node, source, report);
		if (previousConsole) {
			report('expected output after a `console` transcript: write it in the transcript, after its `$ ` line', at, 'orphan-output');
			return;
		}
		const step = previous?.at(-1);
		if (!step) {
			report('expected output with no step right before it (only blank lines may stand between a step and its output)', at, 'orphan-output');
			return;
		}
		if (expectation) step.expected = expectation;
	};

	const hiddenSteps = (node: Html): StepDraft[] => {
		const hiddenText = hiddenStepText(node, source, report);
		if (!hiddenText) return [];
		if (hiddenText.kind === 'console') {
			const steps = parseConsoleLines(hiddenText.lines, source, report, {
				hidden: true,
				baseAttributes: hiddenText.attributes,
				blockStart: node.position?.start.offset ?? 0,
				blockEnd: node.position?.end.offset ?? 0,
				prefix: hiddenText.prefix,
			});
			addSteps(steps);
			return steps;
		}
		const innerTree = parseMarkdown(hiddenText.padded);
		moveTree(innerTree, hiddenText.at.line - 1, hiddenText.at.offset);
		const before = drafts.length;
		walk(innerTree, true, hiddenText.attributes);
		return drafts.slice(before);
	};

	walk(tree, false, undefined);
	const epilogue = takeProse();
	const steps: Step[] = assignNames(drafts, report);
	checkPatterns(steps, source, report, runbookOptions.shell);
	checkUnterminated(tree, source, report);
	checkHasSteps(tree, steps, source, report);
	checkFrontmatterClosed(text, tree, report);
	checkTomlFrontmatter(text, report);
	for (const unknown of unknownHostDiagnostics(hostUses, [...declaredHosts], Object.keys(runbookOptions.hosts ?? {}))) report(unknown.message, unknown, unknown.rule);

	const title = runbookOptions.title ?? firstHeading ?? fallbackTitle(options.path);
	const sorted = [...diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
	const runbook: Runbook = {title, options: runbookOptions, sections, steps, epilogue, ...(hostUses.length > 0 ? {hostUses} : {})};
	return {runbook, diagnostics: sorted};
}

function checkUnterminated(tree: Root, source: ReturnType<typeof createSourceMap>, report: ReturnType<typeof createCollector>['report']): void {
	for (const node of codeBlocks(tree)) {
		if (node.position) {
			const fence = readFence(node, source);
			if (fence && !fence.terminated) {
				const kind = fence.fence[0] === '`' ? 'backticks' : 'tildes';
				// Notes after it would be run as commands: nothing runs until the fence is closed.
				const end = node.position.end.line;
				report(
					`unterminated code fence: its ${fence.fence.length} ${kind} are never closed, so the block would run to line ${end}, the end of its container, and the notes after it would run as commands; close it with ${fence.fence}`,
					node.position.start,
					'unterminated-fence',
				);
			}
		}
	}
}

/** A `---` first line followed by YAML-looking keys but no closing `---`: the settings would be read as notes. */
function checkFrontmatterClosed(text: string, tree: Root, report: ReturnType<typeof createCollector>['report']): void {
	if (tree.children[0]?.type === 'yaml' || !/^---[ \t]*\r?\n[A-Za-z_][\w-]*[ \t]*:/.test(text)) return;
	report('frontmatter is not closed: end it with a `---` line, or its settings are read as notes', {line: 1, column: 1}, 'frontmatter-yaml');
}
