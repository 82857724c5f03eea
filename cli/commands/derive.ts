import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SPECS_DIR } from '../../specs/loader';
import { SuiteError } from '../../engine/errors';
import type { Io } from '../program';

/** Where the docs live in this workplace's layout; users pass --docs. */
export const DEFAULT_DOCS = resolve(__dirname, '..', '..', '..', 'shared', 'graph-docs');

export function registerDerive(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('derive')
    .description('derive specs/ (OpenAPI fragment, JSON Schemas, examples, DERIVATION.md) from the Graph docs pages')
    .option(
      '--docs <folder>',
      'docs folder in the graph-docs layout (api-reference/beta/{api,resources}/*.md)',
      DEFAULT_DOCS,
    )
    .option('--out <folder>', 'specs folder to write', SPECS_DIR)
    .option('--check', 'write nothing; exit 1 when the committed specs differ from a fresh derivation')
    .action((opts: { docs: string; out: string; check?: boolean }) => {
      const docs = resolve(opts.docs);
      if (!existsSync(docs)) {
        throw new SuiteError(
          'docs-not-found',
          `docs folder not found: ${docs}`,
          'pass --docs <folder> pointing at a graph-docs folder (it holds api-reference/beta/)',
        );
      }
      // Loaded here, not at the top: the derivation (markdown-it, yaml) is only needed by this command, and every other
      // command would pay for loading it at start-up.
      const { compareSpecs, deriveSpecs, DocsFolderError, PageError, writeSpecs } =
        require('../../specs/derive') as typeof import('../../specs/derive');
      let files: Map<string, string>;
      try {
        files = deriveSpecs(docs);
      } catch (e) {
        if (e instanceof DocsFolderError)
          throw new SuiteError(
            'docs-layout',
            e.message,
            'the folder must hold api-reference/beta/api/*.md and api-reference/beta/resources/*.md',
          );
        if (e instanceof PageError)
          throw new SuiteError(
            'docs-page',
            e.message,
            'fix or remove that page; the derivation reads tables, ```http and ```json blocks',
          );
        throw e;
      }
      const out = resolve(opts.out);
      const report = opts.check ? compareSpecs(out, files) : writeSpecs(out, files);
      const drift = report.changed.length + report.added.length + report.removed.length;
      for (const f of report.changed) io.out(`changed  ${f}`);
      for (const f of report.added) io.out(`added    ${f}`);
      for (const f of report.removed) io.out(`removed  ${f}`);
      if (opts.check) {
        io.out(
          drift === 0
            ? `specs are up to date (${files.size} files)`
            : `${drift} file(s) differ from a fresh derivation`,
        );
        if (drift > 0) setExit(1);
      } else {
        io.out(`derived ${files.size} files into ${out} (${drift} changed)`);
      }
    });
}
