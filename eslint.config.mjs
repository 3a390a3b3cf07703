// ESLint, run by `npm test` next to `tsc --noEmit` (which reports unused locals and parameters):
// typescript-eslint's recommended rules, React's rules of hooks on the pages, and no import cycles —
// a cycle is how the services ended up knotted before the order core (issue 13).
import { createNodeResolver, flatConfigs as importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const extensions = ['.ts', '.tsx', '.mts', '.mjs', '.js'];

export default tseslint.config(
  { ignores: ['node_modules/**', '.next*/**', '.build/**', '.data/**', '.bench/**', 'next-env.d.ts'] },
  ...tseslint.configs.recommended,
  {
    plugins: importX.recommended.plugins,
    settings: {
      'import-x/extensions': extensions,
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // Unused names are tsc's job (noUnusedLocals / noUnusedParameters); `_`-prefixed ones are meant.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['app/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // One link: app/_components/link.tsx (no prefetch requests for pages that are all dynamic).
      'no-restricted-imports': ['error', { paths: [{ name: 'next/link', message: "Use { Link } from app/_components/link: it does not prefetch." }] }],
    },
  },
  { files: ['app/_components/link.tsx'], rules: { 'no-restricted-imports': 'off' } },
  {
    // Migrations are written against no particular schema (Kysely's own convention: Kysely<any>).
    files: ['db/migrations/**', 'db/migrate.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
