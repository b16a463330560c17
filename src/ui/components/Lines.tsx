import {Box, Text} from 'ink';
import {visibleLine} from '../../match/visible.js';
import type {Line} from '../text/styled.js';

/**
 * Styled lines, one `<Text>` each: the panes have already fitted them to the
 * screen. A control character that text from the runbook or a message holds
 * is drawn as its escape (`visibleLine`), never sent to the terminal.
 */
export function Lines({lines}: {readonly lines: readonly Line[]}) {
	return (
		<Box flexDirection="column">
			{lines.map((line, row) => (
				<Text key={row} wrap="truncate-end">
					{line.length === 0
						? ' '
						: line.map((part, index) => (
								<Text key={index} {...part.style}>
									{visibleLine(part.text)}
								</Text>
							))}
				</Text>
			))}
		</Box>
	);
}
