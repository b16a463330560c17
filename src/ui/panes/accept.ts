import {exitText, plural} from './format.js';
import type {AcceptPlan, AcceptRisk, PlayState} from '../state.js';
import {changeLines} from '../text/changes.js';
import {span, truncateLine, wrapSpans, type Line} from '../text/styled.js';
import {rule} from './panel.js';

/** Why `a` asks, one sentence each: `exit status 1, expected 0`, `2 patterns would be lost: {{id:hex64}}, [..]`. */
export function riskTexts(risk: AcceptRisk): string[] {
	const texts: string[] = [];
	if (risk.exit) texts.push(`exit status ${risk.exit.actual ?? '–'}, expected ${exitText(risk.exit.expected)}`);
	if (risk.lost.length > 0) texts.push(`${plural(risk.lost.length, 'pattern')} would be lost: ${risk.lost.join(', ')}`);
	return texts;
}

/**
 * `a` asks before it writes: which step, why it asks, and the lines of the
 * file that would change (scrolled by pgup and pgdn when they do not fit).
 */
export function confirmLines(state: PlayState, plan: AcceptPlan, width: number, height: number): Line[] {
	const step = state.steps[plan.position];
	const name = plan.file.split('/').pop() ?? plan.file;
	const what = plan.accepted.added ? 'Record the output' : 'Accept the actual output';
	const lines: Line[] = [truncateLine([span(`${what} of ${plan.position + 1}. ${step?.name ?? 'the step'}?`, {bold: true})], width)];
	for (const text of riskTexts(plan.risk)) lines.push(...wrapSpans([span('⚠ ', {color: 'yellow', bold: true}), span(text, {color: 'yellow'})], width, [], [span('  ')]));
	lines.push([]);
	const body = changeLines(plan.accepted.changes, width);
	const room = Math.max(0, height - lines.length - 1);
	const down = Math.max(0, Math.min(state.scroll, body.length - room));
	const more = body.length - down - room;
	lines.push(rule(`the lines of ${name} that change${more > 0 ? ` · ${more} more below (pgdn)` : ''}`, width));
	lines.push(...body.slice(down, down + room));
	return lines.slice(0, height);
}
