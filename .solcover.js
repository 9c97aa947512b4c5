// Test doubles and the stock OpenZeppelin comparator are not Polycentric code: keep them out of the report.
module.exports = {
  skipFiles: ["mocks/", "baseline/"],
  // json-summary: coverage/coverage-summary.json, read by scripts/check-coverage.ts (the CI thresholds).
  istanbulReporter: ["html", "lcov", "text", "json", "json-summary"],
};
