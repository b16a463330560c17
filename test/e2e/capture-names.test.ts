/** A captured value can never change how the shell or the programs it starts behave. */
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {fixtureCopy, removeCopies, runbook} from './cli.js';

afterEach(removeCopies);

const step = (name: string) => `\`\`\`sh\necho "value"\n\`\`\`\n\n\`\`\`output\n{{${name}}}\n\`\`\`\n\n`;

describe('capture names', () => {
	it('refuses names the shell, the loader or the engine read, at their place, with a name to use instead', () => {
		const dir = fixtureCopy();
		const names = ['BASH_ENV', 'PS1', 'PROMPT_COMMAND', '__rb_f', 'PATH', 'HOME', 'IFS', 'LD_PRELOAD', 'RUNBOOK_RUN'];
		writeFileSync(path.join(dir, 'names.md'), `# Names\n\n${names.map(step).join('')}\`\`\`sh\necho after\n\`\`\`\n`);
		const checked = runbook(['check', 'names.md'], {cwd: dir});
		expect(checked.code).toBe(2);
		const lines = checked.stdout.split('\n').filter((line) => line.includes('[capture-name]'));
		expect(lines).toHaveLength(names.length);
		expect(lines[0]).toBe('names.md:8:1: `{{BASH_ENV}}` cannot be a capture name: captured values become shell variables, and the shell reads it, so the value would change how later steps run; name it `bash_env_value` [capture-name]');
		expect(lines[3]).toContain('names.md:32:1: `{{__rb_f}}` cannot be a capture name: captured values become shell variables, and runbook itself uses it');
		expect(lines[7]).toContain('and the program loader reads it');
		const ran = runbook(['test', 'names.md'], {cwd: dir});
		expect(ran.code).toBe(2);
		expect(ran.stdout).not.toContain('after');
	});

	it('finds the name where it stands in the line, and leaves zsh\'s own words to other shells', () => {
		const dir = fixtureCopy();
		const body = '```sh\necho "exit 0 at 10:00"\n```\n\n```output\nexit {{status}} at {{when:/\\d+:\\d+/}}\n```\n';
		writeFileSync(path.join(dir, 'bash.md'), `# Bash\n\n${body}`);
		writeFileSync(path.join(dir, 'zsh.md'), `---\nshell: zsh\n---\n\n${body}`);
		expect(runbook(['check', 'bash.md'], {cwd: dir}).code).toBe(0);
		const zsh = runbook(['check', 'zsh.md'], {cwd: dir});
		expect(zsh.code).toBe(2);
		expect(zsh.stdout).toContain('zsh.md:10:6: `{{status}}` cannot be a capture name');
	});
});
