import {validateXML} from 'xmllint-wasm';

/**
 * What libxml2 (xmllint, compiled to WebAssembly: a conforming XML 1.0
 * parser, no native build) reads in a document: its well-formedness errors
 * (none when it is well-formed) and, when it is, its canonical form (C14N),
 * in which attribute values appear as the parser read them, a newline kept
 * in one written `&#xA;`.
 */
export async function readXml(text: string): Promise<{errors: string[]; canonical: string}> {
	const result = await validateXML({xml: [{fileName: 'report.xml', contents: text}], normalization: 'c14n'});
	return {errors: result.errors.map((error) => error.rawMessage), canonical: result.normalized};
}
