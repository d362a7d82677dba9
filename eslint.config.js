// ESLint (flat config): typescript-eslint's recommended rules with type information, for src/ and test/.
// Formatting is Prettier's (eslint-config-prettier turns off the rules it owns); `npm test` runs both.
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'bench/', 'data/', '*.js', '*.cjs', 'test/**/*.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `_name` marks a value left out on purpose (a field dropped by destructuring, a parameter a signature needs)
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // The store, read-model and query ports are asynchronous; their SQLite implementations are synchronous
      // underneath and stay `async` so that whatever they throw reaches the caller as a rejection, like the others.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Specs read HTTP answers and stored rows as untyped JSON and poke at them: the rules against `any` guard the
    // product, not the specs that check it.
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  prettier,
);
