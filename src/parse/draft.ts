import type {RootContent} from 'mdast';
import type {Expectation, Span, StepAttributes} from '../model.js';

/** A step while the document is walked; names are given at the end. */
export type StepDraft = {
	name?: string;
	nameAt?: {line: number; column: number};
	/** Where the step's own `host=` is written. */
	hostAt?: {line: number; column: number};
	json: boolean;
	section: string;
	language: string;
	command: string;
	attributes: StepAttributes;
	rawAttributes: string;
	expected?: Expectation;
	span: Span;
	blockSpan: Span;
	insertAt: {offset: number; indent: string; console: boolean};
	hidden: boolean;
	prose: RootContent[];
};
