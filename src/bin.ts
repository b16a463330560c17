#!/usr/bin/env node
// First, before the rest of the program runs: V8's tier-up budget for a short run.
import './tiering.js';
import {main} from './cli.js';

/**
 * A reader that went away (`runbook list docs/ | head`, `runbook test … | head`)
 * makes writes to stdout or stderr fail with EPIPE, which Node throws as an
 * unhandled `error` event, a stack trace. Here the rest of what the command
 * writes there is dropped, and the command goes on to its end (a test run
 * finishes, cleanup steps included) and its usual exit code.
 */
function dropWritesToClosedPipe(stream: NodeJS.WriteStream): void {
	stream.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
	});
}

/**
 * Node warns "The 'NO_COLOR' env is ignored due to the 'FORCE_COLOR' env
 * being set" when a dependency asks a stream for its colours (commander's
 * help does on a terminal) with both variables set. runbook reads them
 * itself (`styleFor`: a non-empty NO_COLOR wins), so the warning would say
 * the opposite of what happens: it is dropped, and every other warning kept.
 */
function dropColourEnvWarning(): void {
	const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
	process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
		const text = typeof warning === 'string' ? warning : warning.message;
		if (text.startsWith("The 'NO_COLOR' env is ignored")) return;
		emitWarning(warning, ...rest);
	}) as typeof process.emitWarning;
}

dropColourEnvWarning();
dropWritesToClosedPipe(process.stdout);
dropWritesToClosedPipe(process.stderr);
const code = await main(process.argv.slice(2));
process.exitCode = code;
