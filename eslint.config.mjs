import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Frameworks that must stay out of libs/domain: it holds the rules, not the plumbing. */
const FRAMEWORKS = ['@nestjs/*', 'typeorm', 'pg', '@temporalio/*', 'express', 'class-validator', 'class-transformer', 'jose'];

/** apps/web/src/features/*: each stands alone. */
const WEB_FEATURES = ['identity', 'tasks', 'notifications', 'persons', 'oversight', 'meetings', 'admin', 'audit', 'forum'];
const WEB_IMPORTS = [
  { group: ['@psp/*'], message: 'The web app imports no lib: it talks to the api through src/api.' },
  { group: ['node:*'], message: 'Browser code: no Node modules.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', '.tools/**', '.nx/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { plugins: { '@nx': nx } },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Pure rules: no other project, no framework.
            { sourceTag: 'scope:domain', onlyDependOnLibsWithTags: [], bannedExternalImports: FRAMEWORKS },
            { sourceTag: 'scope:config', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:persistence', onlyDependOnLibsWithTags: ['scope:domain', 'scope:config', 'scope:contracts'] },
            // Workflow names, ids, inputs, signals and queries: shared by api, worker and workflow code.
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: ['scope:domain'], bannedExternalImports: FRAMEWORKS.filter((f) => f !== '@temporalio/*').concat(['@temporalio/client', '@temporalio/worker', '@temporalio/activity']) },
            // Renders invites and PDFs: pure functions of their input, used by the api and by worker activities.
            { sourceTag: 'scope:documents', onlyDependOnLibsWithTags: ['scope:domain'], bannedExternalImports: FRAMEWORKS },
            // Apps never import each other; they share code only through libs.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: only the workflow API and pure domain code.
    files: ['apps/worker/src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@temporalio/*', '!@temporalio/workflow'], message: 'Workflows may import only @temporalio/workflow.' },
            { group: ['@psp/persistence', '@psp/config', 'typeorm', 'pg', 'node:*', 'fs', 'crypto'], message: 'No I/O in workflow code: use an activity.' },
          ],
        },
      ],
    },
  },
  {
    // The web app is browser code: it imports no lib (they are Node code; the bundle stays small)
    // and reads and writes only through the api's /api/v1, with its generated client (src/api).
    files: ['apps/web/**/*.{ts,tsx,mts}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints: [{ sourceTag: 'scope:web', onlyDependOnLibsWithTags: [] }] },
      ],
    },
  },
  { files: ['apps/web/src/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': ['error', { patterns: WEB_IMPORTS }] } },
  // bulletproof-react: features never import each other; they share through src/components and
  // src/api, and src/app composes them.
  ...WEB_FEATURES.map((feature) => ({
    files: [`apps/web/src/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...WEB_IMPORTS,
            {
              regex: `(^|/)(${WEB_FEATURES.filter((f) => f !== feature).join('|')}|app)/`,
              message: `Features never import each other or the app: move what ${feature} needs into src/components.`,
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
