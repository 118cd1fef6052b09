module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // generated schemas (scripts/*.mjs): a 2 MB minified bundle and JSON
  ignorePatterns: ['schemas/'],
});
