import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
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

const junitSchema = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'schemas', 'jenkins-junit.xsd'), 'utf8');

/**
 * What libxml2 finds wrong with a JUnit report when validating it against the
 * Jenkins JUnit schema (`test/schemas/jenkins-junit.xsd`, see its README):
 * each error as xmllint words it, none when the report is valid.
 */
export async function junitSchemaErrors(text: string): Promise<string[]> {
	const result = await validateXML({xml: [{fileName: 'junit.xml', contents: text}], schema: [{fileName: 'jenkins-junit.xsd', contents: junitSchema}]});
	return result.errors.map((error) => error.rawMessage);
}
