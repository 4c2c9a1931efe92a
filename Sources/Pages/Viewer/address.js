// gradviz viewer: the page's address. #q=text searches; otherwise #set=a:3,b:-1 edits inputs
// and #step=4 shows a step, in the order written (joined by &).
(function (root) {
  "use strict";
  /// What the address's `fragment` (location.hash) asks for: `query`, the text to search for
  /// (null for none), or `actions` in order, each { set: name, to: text } or { step: number };
  /// `follow(search, debugger)` does it (the actions only with a debugger).
  function Address(fragment) {
    let hash = fragment.replace(/^#/, "");
    // A bare % (#q=100%) is not an escape: keep the text as typed instead of throwing.
    try { hash = decodeURIComponent(hash); } catch (error) {}
    const query = hash.indexOf("q=") === 0 ? hash.slice(2) : null;
    const actions = [];
    if (query === null) {
      hash.split("&").forEach(function (part) {
        const equals = part.indexOf("=");
        const key = part.slice(0, equals), value = part.slice(equals + 1);
        if (key === "set") {
          value.split(",").forEach(function (assignment) {
            const colon = assignment.lastIndexOf(":");
            if (colon > 0) actions.push({ set: assignment.slice(0, colon), to: assignment.slice(colon + 1) });
          });
        } else if (key === "step" && /^\d+$/.test(value)) {
          actions.push({ step: +value });
        }
      });
    }
    function follow(search, debuggerState) {
      if (query !== null) {
        search.find(query);
      } else if (debuggerState) {
        actions.forEach(function (action) {
          if (action.step !== undefined) debuggerState.go(action.step); else debuggerState.setByName(action.set, action.to);
        });
      }
    }
    return { query: query, actions: actions, follow: follow };
  }
  root.GradvizAddress = Address;
})(typeof window !== "undefined" ? window : globalThis);
