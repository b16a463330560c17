#!/usr/bin/env node
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

dropWritesToClosedPipe(process.stdout);
dropWritesToClosedPipe(process.stderr);
const code = await main(process.argv.slice(2));
process.exitCode = code;
