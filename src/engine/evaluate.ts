import {formatDuration} from '../parse/duration.js';
import {matchOutput, type MatchResult} from '../match/match.js';
import type {ExitExpectation, Step} from '../model.js';
import type {StepResult} from './events.js';
import type {StepRun} from './session.js';
import {failedResult, interruptedMessage, passedResult} from './results.js';

export function describeExit(exit: ExitExpectation): string {
	return exit.kind === 'code' ? String(exit.code) : exit.kind;
}

export function exitMatches(exit: ExitExpectation, code: number | null): boolean {
	if (code === null) return false;
	if (exit.kind === 'any') return true;
	if (exit.kind === 'nonzero') return code !== 0;
	return exit.code === code;
}

export type Observed = {
	readonly run: StepRun;
	readonly output: string;
	readonly stderr?: string;
	readonly cut: boolean;
	/** The comparison made as the output was printed, when it was too large to hold whole (`OutputMatchStream`). */
	readonly match?: MatchResult;
	readonly durationMs: number;
	readonly attempts: number;
	readonly timeoutMs: number;
	/** The run was killed under the step (not the step's own doing). */
	readonly killedRun?: boolean;
};

/** Turn what a step did into its result: a verdict, never an exception. */
export function evaluateStep(step: Step, observed: Observed, bound: ReadonlyMap<string, string>): StepResult {
	const {run, output, durationMs, attempts, cut} = observed;
	const base = {
		exitCode: run.exitCode ?? run.shellExit ?? null,
		durationMs,
		output,
		...(observed.stderr === undefined ? {} : {stderr: observed.stderr}),
		attempts,
		timedOut: run.timedOut,
		interrupted: run.interrupted,
		cut,
	};
	const fail = (message: string, extra: Partial<StepResult> = {}): StepResult => failedResult(message, {...base, ...extra});
	// A step that held the shell past the whole ladder cost the session: say so.
	const lost = run.shellExit !== undefined && !observed.killedRun ? '; the shell did not come back and was killed: the steps after it run in a new session' : '';
	if (run.timedOut) return fail(`timed out after ${formatDuration(observed.timeoutMs)}${lost}`);
	if (run.interrupted) return fail(`${interruptedMessage}${lost}`);
	if (run.shellExit !== undefined) {
		const status = run.shellExit === null ? 'it was killed' : `exit ${run.shellExit}`;
		return fail(`the step ended the shell session (${status}); the steps after it run in a new session`);
	}
	const problems: string[] = [];
	if (!exitMatches(step.attributes.exit, run.exitCode)) {
		problems.push(`exit status ${run.exitCode ?? 'unknown'}, expected ${describeExit(step.attributes.exit)}`);
	}
	const expected = step.expected;
	const match = !expected ? undefined : (observed.match ?? matchOutput(expected.text, output, {patterns: expected.patterns, ansi: step.attributes.ansi, bound}));
	if (match && !match.ok) problems.push(match.note ? `output differs: ${match.note}` : 'output differs from the expected output');
	const withMatch = match ? {match} : {};
	// A failed step still hands on what the lines that matched captured.
	if (problems.length > 0) return fail(problems.join('; '), {...withMatch, captures: Object.fromEntries(match?.captures ?? [])});
	return passedResult({...base, ...withMatch, captures: Object.fromEntries(match?.captures ?? [])});
}
