/**
 * runbook's public API: parse a runbook, run it, match output, update expected output.
 *
 * @example
 * import {parseRunbook, startRun} from 'runbook';
 * const {runbook} = parseRunbook(text, {path: 'notes.md'});
 * for await (const event of startRun(runbook, {file: 'notes.md'}).events) console.log(event.kind);
 */
export type * from './model.js';
export {parseRunbook, type ParseOptions, type ParseResult} from './parse/index.js';
export {formatDiagnostic, toVFileMessages, type Diagnostic} from './parse/diagnostics.js';
export {runbookToJson} from './parse/to-json.js';
export {startRun, type RunHandle, type RunOptions} from './engine/run.js';
export type {EndReason, EngineEvent, EventHandlers, GateDecision, Leftover, RunReport, StepRecord, StepResult, Summary} from './engine/events.js';
export {exitCodeFor, signalExitStatus, summaryLine} from './engine/outcome.js';
export {dispatch} from './engine/events.js';
export {matchOutput, type MatchOptions, type MatchResult} from './match/match.js';
export {formatUnifiedDiff, type DiffLine} from './match/diff.js';
export {normaliseLines} from './match/normalise.js';
export {terminalLines, terminalLine, terminalText, type TerminalOptions} from './match/terminal.js';
export {applyEdits, planUpdate, writeIfUnchanged, type Edit} from './update/index.js';
export {UserError} from './errors.js';
