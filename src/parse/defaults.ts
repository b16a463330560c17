import path from 'node:path';
import {defaultTimeoutMs, type Runbook, type RunbookOptions} from '../model.js';

/** The settings of a runbook whose frontmatter sets none. */
export const defaultOptions: RunbookOptions = {shell: 'bash', cwd: '.', timeoutMs: defaultTimeoutMs, env: {}, requires: [], secrets: []};

/** The title of a runbook that sets none and has no heading: its file's name without the extension, else "Runbook". */
export function fallbackTitle(file: string | undefined): string {
	return file ? path.basename(file, path.extname(file)) : 'Runbook';
}

/**
 * The runbook of a text with no heading, no step and no settings, as
 * `parseRunbook` reads an empty file, without loading the Markdown parser.
 */
export function emptyRunbook(file: string | undefined): Runbook {
	return {title: fallbackTitle(file), options: defaultOptions, sections: [], steps: [], epilogue: []};
}
