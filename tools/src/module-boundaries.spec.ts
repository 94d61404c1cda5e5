import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The lint rules that keep the architecture: proved on small files placed in each project. */
const root = resolve(__dirname, '../..');

/** Runs the real eslint CLI (our flat config is an ES module, which jest's runtime cannot load). */
async function lint(file: string, code: string): Promise<string[]> {
  const eslint = join(root, 'node_modules/eslint/bin/eslint.js');
  const run = spawnSync(process.execPath, [eslint, '--stdin', '--stdin-filename', join(root, file), '--format', 'json'], {
    cwd: root,
    input: code,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  if (run.status !== 0 && run.status !== 1) throw new Error(`eslint failed: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; message: string }[] }[];
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('module boundaries', () => {
  it('keeps frameworks out of libs/domain', async () => {
    for (const framework of ['@nestjs/common', 'typeorm', 'pg', '@temporalio/workflow']) {
      const messages = await lint('libs/domain/src/probe.ts', `import * as x from '${framework}';\nexport const y = x;\n`);
      expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries/);
    }
  });

  it('keeps libs/domain free of other projects', async () => {
    const messages = await lint('libs/domain/src/probe.ts', `import { createDataSource } from '@psp/persistence';\nexport const y = createDataSource;\n`);
    expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries/);
  });

  it('forbids one app importing another', async () => {
    const messages = await lint('apps/worker/src/probe.ts', `import { createApp } from '../../api/src/create-app';\nexport const y = createApp;\n`);
    expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries/);
  });

  it('keeps I/O out of workflow code', async () => {
    const messages = await lint('apps/worker/src/workflows/probe.ts', `import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n`);
    expect(messages.join('\n')).toMatch(/no-restricted-imports/);
  });

  it('allows what the architecture allows', async () => {
    expect(await lint('libs/persistence/src/probe.ts', `import { ROLES } from '@psp/domain';\nexport const y = ROLES;\n`)).toEqual([]);
    expect(await lint('apps/api/src/probe.ts', `import { ROLES } from '@psp/domain';\nexport const y = ROLES;\n`)).toEqual([]);
  });
});
