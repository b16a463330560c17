/**
 * The player's keys while a runbook plays, as a person reads them: the one
 * table the `?` overlay (panes/help.ts) and `runbook play --help` both print.
 * The bindings themselves are in state/keys.ts; a test presses every key there
 * and checks that each one that does something is named here.
 * No imports: the command line reads it without loading the player.
 */
export type KeyHelp = {
	/** The keys, as the hints spell them: `enter`, `esc`, `tab`, `pgup`, `ctrl-c`, arrows as `← → ↑ ↓`, letters as typed. */
	readonly keys: readonly string[];
	readonly what: string;
};

export const playerKeys: readonly KeyHelp[] = [
	{keys: ['enter'], what: 'run the step; on a finished one, go on'},
	{keys: ['n', '→', 'j', '↓'], what: 'next step (moving never runs anything)'},
	{keys: ['p', '←', 'k', '↑'], what: 'previous step'},
	{keys: ['g', 'home'], what: 'first step'},
	{keys: ['G', 'end'], what: 'the end'},
	{keys: ['s'], what: 'skip the step'},
	{keys: ['r'], what: 're-run the step'},
	{keys: ['c'], what: 'run the steps that follow until one fails'},
	{keys: ['e'], what: 'edit the command in $EDITOR, and run it once'},
	{keys: ['a'], what: 'accept: the actual output becomes expected (asks first when the exit status is wrong or patterns would be lost)'},
	{keys: ['u'], what: 'undo the last accept: the file as it was'},
	{keys: ['o'], what: 'show the output, the diff or the lines written'},
	{keys: ['l'], what: 'the log of a background step, live (tab: the next one; l or esc closes it)'},
	{keys: ['pgup', 'pgdn'], what: 'scroll the output, the diff or the notes'},
	{keys: ['ctrl-u'], what: 'scroll, as pgup does'},
	{keys: ['ctrl-d'], what: 'scroll, as pgdn does'},
	{keys: ['ctrl-c'], what: 'interrupt the step; when idle, quit'},
	{keys: ['q'], what: 'quit: cleanup steps run, backgrounds stop'},
	{keys: ['?'], what: 'this help (any key closes it)'},
];

/** A row's keys as one label: `n → j ↓`. */
export function keysLabel(entry: KeyHelp): string {
	return entry.keys.join(' ');
}
