import tseslint from 'typescript-eslint';

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
    // 100-200 ms sooner without them).
    files: ['electron/**/*.ts', 'shared/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'electron',
            'electron-store',
            ...['openai', 'music-metadata', 'vader-sentiment', 'libphonenumber-js', 'tar-stream', 'unbzip2-stream'].map(
              (name) => ({
                name,
                message: 'load it where it is used (await import(), or createRequire for a sync caller): imported here it costs every start',
                allowTypeImports: true,
              }),
            ),
          ],
        },
      ],
    },
  },
);
