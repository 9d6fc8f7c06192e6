import tseslint from 'typescript-eslint';

const lazyPackages = ['openai', 'music-metadata', 'vader-sentiment', 'libphonenumber-js', 'tar-stream', 'unbzip2-stream', 'wink-nlp', 'wink-eng-lite-web-model'];
const corePaths = [
  'electron',
  'electron-store',
  ...lazyPackages.map((name) => ({
    name,
    message: 'load it where it is used (await import(), or createRequire for a sync caller): imported here it costs every start',
    allowTypeImports: true,
  })),
];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', '.cache/**', 'test-results/**', 'resources/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The renderer reaches the core only through the typed API: no Node, no Electron.
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'electron', 'fs', 'path', 'child_process', '**/electron/**', 'better-sqlite3'] },
      ],
    },
  },
  {
    // Only the Electron shell may import electron; the core stays plain Node. Packages that only
    // some work needs are loaded where it runs (await import(), or createRequire for a sync
    // caller): imported at the top they cost every start of the app and of serve (serve listened
    // 100-200 ms sooner without them). Nothing below the command line imports from it.
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**', 'electron/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: corePaths, patterns: [{ group: ['**/cli/*'], message: 'the CLI sits on top of the core: move what both need below it' }] },
      ],
    },
  },
  {
    files: ['electron/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: corePaths }] },
  },
  {
    // shared/ is the contract and pure code both sides use: it depends on neither side.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: corePaths,
          patterns: [{ group: ['**/electron/*', '**/renderer/*'], message: 'shared/ imports nothing from electron/ or renderer/' }],
        },
      ],
    },
  },
);
