// gradviz viewer: search. The search field finds nodes, as it is typed, by their node, unit,
// operation or place rows; the first match and then, with Enter, the next one is brought into
// view and selected.
(function (root) {
  "use strict";
  /// Searches the drawing's nodes for the text of `field`, the count of matches in `label`
  /// (and in the body's data-matches); `data` holds each node's rows by name. `show(node)`
  /// brings the current match into view and selects it.
  function Search(field, label, data, drawing, show) {
    let matches = [], current = -1;
    function run() {
      const query = field.value.trim().toLowerCase();
      matches = [];
      drawing.nodes.forEach(function (node) {
        const named = (data[drawing.nameOf(node)] || []).filter(function (r) { return /^(node|unit|op|operation|place)$/.test(r[0]); });
        const text = named.map(function (r) { return r[1]; }).join(" ").toLowerCase();
        const hit = query.length > 0 && text.indexOf(query) >= 0;
        node.classList.toggle("match", hit);
        node.classList.remove("current");
        if (hit) matches.push(node);
      });
      current = -1;
      label.textContent = query ? matches.length + (matches.length === 1 ? " match" : " matches") : "";
      document.body.dataset.matches = String(matches.length);
      if (matches.length > 0) next();
    }
    function next() {
      if (matches.length === 0) return;
      if (current >= 0) matches[current].classList.remove("current");
      current = (current + 1) % matches.length;
      matches[current].classList.add("current");
      show(matches[current]);
    }
    field.addEventListener("input", run);
    field.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); next(); } });
    return {
      /// Searches for `text` as if it had been typed.
      find: function (text) { field.value = text; run(); },
      focus: function () { field.focus(); },
    };
  }
  root.GradvizSearch = Search;
})(typeof window !== "undefined" ? window : globalThis);
