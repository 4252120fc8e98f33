/** The reliability suite (npm run test:reliability): test/reliability only, one file at a time. */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/reliability/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
