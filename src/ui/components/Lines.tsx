import {Box, Text} from 'ink';
import type {Line} from '../text/styled.js';

/** Styled lines, one `<Text>` each: the panes have already fitted them to the screen. */
export function Lines({lines}: {readonly lines: readonly Line[]}) {
	return (
		<Box flexDirection="column">
			{lines.map((line, row) => (
				<Text key={row} wrap="truncate-end">
					{line.length === 0
						? ' '
						: line.map((part, index) => (
								<Text key={index} {...part.style}>
									{part.text}
								</Text>
							))}
				</Text>
			))}
		</Box>
	);
}
