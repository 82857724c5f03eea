import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { withCheckTable } from '../checks/table';

async function main(): Promise<void> {
  const file = join(__dirname, '..', 'README.md');
  const config = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(withCheckTable(readFileSync(file, 'utf8')), { ...config, parser: 'markdown' }));
  console.log('README.md check table rewritten from checks/');
}

void main();
