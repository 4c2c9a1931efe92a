// Unit tests of the viewer's address (Sources/Pages/Viewer/address.js): what #q=, #set= and
// #step= ask of the page, read without a page. scripts/checks/viewer-test runs them.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
require(path.join(__dirname, "../../Sources/Pages/Viewer/address.js"));
const Address = globalThis.GradvizAddress;

test("#q= searches for the rest of the address, decoded, & and = included", () => {
  assert.equal(Address("#q=L1.N2").query, "L1.N2");
  assert.equal(Address("#q=a%20b&step=2").query, "a b&step=2");
  assert.deepEqual(Address("#q=a%20b&step=2").actions, []);
  assert.equal(Address("#q=").query, "");
});

test("a bare % is not an escape: the text is kept as typed", () => {
  assert.equal(Address("#q=100%").query, "100%");
});

test("#set= and #step= are done in the order written; the last colon splits a name", () => {
  const address = Address("#set=a:3,ns:b:-1e-3&step=4&set=c:nan");
  assert.equal(address.query, null);
  assert.deepEqual(address.actions, [
    { set: "a", to: "3" }, { set: "ns:b", to: "-1e-3" }, { step: 4 }, { set: "c", to: "nan" },
  ]);
  assert.deepEqual(Address("#step=4&set=a%3A2").actions, [{ step: 4 }, { set: "a", to: "2" }]);
});

test("what is not a step, an assignment or a known key is left out", () => {
  assert.deepEqual(Address("").actions, []);
  assert.deepEqual(Address("#step=-1&step=2.5&step=&set=:3,b,c:&go=3").actions, [{ set: "c", to: "" }]);
});

test("following it searches, or goes and sets through the debugger (none: only the search)", () => {
  const calls = [];
  const search = { find: (text) => calls.push(["find", text]) };
  const debuggerState = { go: (step) => calls.push(["go", step]), setByName: (name, text) => calls.push(["set", name, text]) };
  Address("#q=x").follow(search, debuggerState);
  Address("#set=a:3&step=1").follow(search, debuggerState);
  Address("#set=a:3&step=1").follow(search, null);
  assert.deepEqual(calls, [["find", "x"], ["set", "a", "3"], ["go", 1]]);
});
