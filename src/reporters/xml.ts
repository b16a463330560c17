import {visibleText} from '../match/visible.js';

/**
 * Text for the XML the JUnit reporter writes. XML 1.0 (§2.2, the `Char`
 * production) cannot hold C0 control characters other than tab, newline and
 * carriage return, U+FFFE, U+FFFF or a lone surrogate, not even as character
 * references: those, the carriage return and the C1 controls (a terminal acts
 * on them) are written as visible escapes (`\x1b`, `\ufffe`; see
 * `visibleText`), then `&`, `<` and `>` as entities.
 */
export function xmlText(text: string): string {
	return visibleText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A value for a double-quoted attribute: as `xmlText`, `"` as `&quot;`, and
 * tab and newline as character references, which a parser keeps where it
 * would turn a raw one into a space (attribute-value normalization, XML 1.0
 * §3.3.3).
 */
export function xmlAttribute(text: string): string {
	return xmlText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}
