import {mainWidth} from '../panes/layout.js';
import {shownLineCount} from '../output-tail.js';
import {markdownLines} from '../text/markdown.js';
import {currentView, shownPanel} from './selectors.js';
import type {PlayState} from './types.js';

/** How far the current step's pane can scroll: through its output, its diff, the lines written, or (before it runs) its notes. */
export function scrollLimit(state: PlayState): number {
	const view = currentView(state);
	const step = state.steps[state.cursor];
	if (!view || !step) return 0;
	const panel = shownPanel(state, view);
	if (panel === 'diff') return view.result?.match?.diff.length ?? 0;
	if (panel === 'written') return view.accepted?.changes.length ?? 0;
	const ran = view.state === 'running' || (view.result !== undefined && view.result.status !== 'skipped');
	if (ran) return shownLineCount(view.output);
	return markdownLines(step.prose, mainWidth(state.columns)).length;
}
