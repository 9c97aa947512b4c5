// Test doubles and the stock OpenZeppelin comparator are not Polycentric code: keep them out of the report.
module.exports = {
  skipFiles: ["mocks/", "baseline/"],
};
