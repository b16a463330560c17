import type {Reporter} from './reporter.js';

/**
 * One reporter that hands every event to each of `reporters`, in their order,
 * and finishes them all: a reporter that throws in `finish` (a report file
 * that cannot be written) does not keep the others from finishing; the first
 * error is thrown once all have.
 */
export function fanOut(reporters: readonly Reporter[]): Reporter {
	return {
		onEvent(event) {
			for (const reporter of reporters) reporter.onEvent(event);
		},
		finish() {
			let failure: {error: unknown} | undefined;
			for (const reporter of reporters) {
				try {
					reporter.finish();
				} catch (error) {
					failure ??= {error};
				}
			}
			if (failure) throw failure.error;
		},
	};
}
