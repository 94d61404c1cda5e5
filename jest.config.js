/**
 * Two projects: `unit` (*.spec.ts: pure rules, no servers) and `integration` (test/*.test.ts:
 * real PostgreSQL and a real Temporal server, started once per run by test/support/global-setup).
 * NestJS 12 and jose ship as ES modules; swc compiles them to CommonJS for jest, as it does our code.
 */
const swcTs = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      // Rewrites the @psp/* aliases at compile time, so the global setup (loaded by plain
      // require, outside jest's resolver) resolves them too.
      baseUrl: __dirname,
      paths: require('./tsconfig.base.json').compilerOptions.paths,
    },
    module: { type: 'commonjs' },
  },
];
const swcJs = ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }];
const ESM_PACKAGES = [
  '@nestjs',
  'jose',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  '@borewit',
  'uint8array-extras',
  'uuid',
  '@standard-schema',
  // pdf-parse itself is CommonJS, but its pdf.js worker (loaded by the PDF tests) is an ES module.
  'pdf-parse',
  // openapi-typescript's CommonJS build requires these ES-module packages (the api-types test).
  'openapi-typescript',
  'parse-json',
  'index-to-position',
  'supports-color',
  'change-case',
  // Browser sign-in: the OpenID client and the development provider.
  'openid-client',
  'oauth4webapi',
  'oidc-provider',
];

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swcTs, '^.+\\.m?js$': swcJs },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  rootDir: __dirname,
};

module.exports = {
  // Integration tests start real processes; a hang still ends, with the test named.
  testTimeout: 120_000,
  // Each test file in a fresh child process, so the Temporal native runtime and workers of one
  // file never share a process with another's. Two workers, so jest does not run in band.
  maxWorkers: 2,
  workerIdleMemoryLimit: '1MB',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools,test}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      slowTestThreshold: 30,
    },
  ],
};
