import type {Root} from 'mdast';
import type {Step} from '../model.js';
import {codeBlocks} from './block-nodes.js';
import {consoleLanguages, languageOf, readFence} from './blocks.js';
import type {createCollector} from './diagnostics.js';
import type {createSourceMap} from './source.js';

type Report = ReturnType<typeof createCollector>['report'];

/** Shells and terminals that runbook does not run, by the names fences give them. */
const otherShells = new Set(['terminal', 'shell-script', 'shellscript', 'ksh', 'csh', 'tcsh', 'fish', 'powershell', 'pwsh', 'ps1', 'cmd', 'bat', 'batch', 'nushell']);

/** Fences that usually hold plain text. */
const plain = new Set(['', 'text', 'txt', 'plaintext', 'plain']);

/**
 * A runbook with no step checks nothing, so it must never pass: an error at
 * its first line that lists the fenced blocks that look like commands and
 * why they are not steps.
 */
export function checkHasSteps(tree: Root, steps: readonly Step[], source: ReturnType<typeof createSourceMap>, report: Report): void {
	if (steps.length > 0) return;
	const hints: string[] = [];
	for (const node of codeBlocks(tree)) {
		if (!node.position) continue;
		const why = whyNotAStep(node.value, readFence(node, source)?.info);
		if (why) hints.push(`line ${node.position.start.line} (${why})`);
	}
	const found = hints.length > 0 ? `; blocks that look like commands but are not steps: ${hints.join(', ')}` : '; write commands in a ```sh, ```bash, ```zsh or ```console block';
	report(`no step: nothing in this runbook runs, so it would pass without checking anything${found}`, {line: 1, column: 1}, 'no-steps');
}

function whyNotAStep(text: string, info: string | undefined): string | undefined {
	if (info === undefined) return undefined;
	const language = languageOf(info);
	const prompts = /^\s*\$ /m.test(text);
	if (otherShells.has(language)) return `\`\`\`${language} is not a language runbook runs: use sh, bash, zsh, or console for a transcript`;
	if (consoleLanguages.has(language)) return `\`\`\`${language} with no \`$ \` line is output, not commands`;
	if (plain.has(language) && prompts) return `\`$ \` lines ${language ? `in \`\`\`${language}` : 'with no language'}: \`\`\`console runs them as a transcript`;
	return undefined;
}
