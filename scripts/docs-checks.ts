import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { withReadmeTables } from './readme-tables';

async function main(): Promise<void> {
  const file = join(__dirname, '..', 'README.md');
  const config = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(withReadmeTables(readFileSync(file, 'utf8')), { ...config, parser: 'markdown' }));
  console.log('README.md check, profile, rule and leniency tables rewritten from checks/ and generators/');
}

void main();
