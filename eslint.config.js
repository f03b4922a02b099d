import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'packages/protocol/src/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain JavaScript entry points run on Node.
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', URL: 'readonly', console: 'readonly', Buffer: 'readonly' },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The simulation must give the same bits on every engine: only + - * /, Math.sqrt, abs,
    // min, max, floor and imul; no clocks, no ambient randomness.
    files: ['packages/sim/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...[
          'random',
          'sin',
          'cos',
          'tan',
          'asin',
          'acos',
          'atan',
          'atan2',
          'sinh',
          'cosh',
          'tanh',
          'asinh',
          'acosh',
          'atanh',
          'exp',
          'expm1',
          'log',
          'log1p',
          'log2',
          'log10',
          'pow',
          'cbrt',
          'hypot',
          'fround',
          'round',
          'trunc',
          'ceil',
          'sign',
          'clz32',
        ].map((property) => ({
          object: 'Math',
          property,
          message:
            'Not bit-reproducible across engines (or not allowed in the simulation core); see core/dmath.ts.',
        })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "BinaryExpression[operator='**']",
          message: 'Use multiplication: ** is not bit-reproducible.',
        },
        {
          selector: "AssignmentExpression[operator='**=']",
          message: 'Use multiplication: ** is not bit-reproducible.',
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: 'Time comes in as ticks.' },
        { name: 'performance', message: 'Time comes in as ticks.' },
        { name: 'crypto', message: 'Randomness comes from the seeded Prng.' },
      ],
    },
  },
  {
    // Libraries log through `debug` or an injected logger, never the console.
    files: ['packages/*/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-console': 'error' },
  },
);
