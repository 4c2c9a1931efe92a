// gradviz viewer: the debugger, when the page carries the graph's numbers (#graph-values). The
// backward pass step by step (the stepper bar: first, back, play, next, last, the slider, the
// count and the caption), and "what if": after an input is edited (what-if.js), every number
// recomputed, forward then backward, and redrawn in place without a new layout. It keeps the
// replay's state (the numbers, the step shown); the drawing is painted by painter.js, a check
// page's notes by check-notes.js, the caption written by caption.js.
(function (root) {
  "use strict";
  const Model = root.GradvizModel;
  /// The debugger of the page's graph over `drawing` (drawing.js), with its inputs in the
  /// details `panel`; `refreshSelection()` after each change of the numbers shown. null when
  /// the page has no replay, or one the page cannot run (the panel then says so).
  function Debugger(drawing, panel, refreshSelection) {
    const source = document.getElementById("graph-values");
    const bar = document.getElementById("stepper");
    if (!source || !bar || !Model) return null;
    const graph = Model.readGraph(JSON.parse(source.textContent));
    if (graph.unsupported) {
      panel.insertAdjacentHTML("beforeend", "<p class=\"hint\"></p>");
      panel.lastChild.textContent = "Stepping and what-if are off: this page does not know the operation '" + graph.unsupported + "'.";
      return null;
    }
    const count = graph.nodes.length;
    const index = root.GradvizSvgIndex(drawing.svg, drawing, count);
    // The drawing's numbers; `result` is the replay's (forward with the edited inputs, backward).
    const original = {
      data: Float64Array.from(graph.nodes.map(function (n) { return n.data; })),
      grads: Float64Array.from(graph.nodes.map(function (n) { return n.grad; })),
    };
    let result = { data: original.data, timeline: Model.timeline(graph, original.data) };
    result.grads = result.timeline.grads;
    let step = result.timeline.steps.length;
    let grads = Float64Array.from(result.grads);
    let edited = false;
    // Until the user moves through the steps, the page is the plain drawing: no step lit.
    let stepping = false;
    const captions = root.GradvizStepCaption(graph, original.grads, result.grads);
    const checkNotes = root.GradvizCheckNotes(graph, index, drawing.svg, original.grads);
    const painter = root.GradvizPainter(graph, index, drawing.reveal);
    const whatIf = root.GradvizWhatIf(graph, panel, original.data, recompute);

    const stepper = stepperBar(bar, {
      go: go, current: function () { return step; },
      atEnd: function () { return step >= result.timeline.steps.length; },
    });

    /// Shows step `target` (0: forward done, before any backward step).
    function go(target) {
      const total = result.timeline.steps.length;
      target = Math.max(0, Math.min(total, Math.round(target)));
      grads = Model.gradsAt(result.timeline, target, step, grads);
      step = target;
      stepping = true;
      render();
    }
    function render() {
      const line = result.timeline, total = line.steps.length;
      const current = step > 0 && stepping ? line.steps[step - 1] : null;
      // The last step of the unedited graph is the drawing itself (where a replay of another
      // engine's numbers differs from them, the caption says so).
      const shown = !edited && step === total ? original.grads : grads;
      painter.show(result.data, shown, current, edited);
      stepper.show(step, total, captions.caption(result, step, stepping, edited));
      document.body.dataset.step = String(step);
      document.body.dataset.steps = String(total);
      if (count <= 2000) {
        bar.dataset.state = JSON.stringify({
          step: step, data: Array.prototype.map.call(result.data, Model.exact), grad: Array.prototype.map.call(shown, Model.exact),
        });
      }
      refreshSelection();
    }

    /// Forward and backward again with the edited inputs, shown at the same step (the steps
    /// do not change with the numbers): the last, unless the user is stepping.
    function recompute() {
      edited = whatIf.edited();
      result = Model.evaluate(graph, whatIf.leaves);
      const total = result.timeline.steps.length;
      step = stepping ? Math.min(step, total) : total;
      grads = step === total ? Float64Array.from(result.grads) : Model.gradsAt(result.timeline, step);
      // A re-enacted bug's page notes each wrong grad's correct value: recomputed too, by a
      // correct backward pass over the edited numbers.
      if (graph.bug) {
        const correct = Model.evaluate(Object.assign({}, graph, { bug: null, passes: [Model.correctOrder(graph)] }), whatIf.leaves).grads;
        painter.showCorrectGrads(correct);
      }
      if (checkNotes) checkNotes.refresh(edited, result.data, result.grads);
      painter.showContributions(result.data, grads);
      whatIf.showEdited();
      render();
    }

    /// The current numbers in a value's detail rows.
    function patchRows(name, rows) {
      const match = /^n(\d+)$/.exec(name);
      if (!match) return;
      const id = +match[1];
      rows.forEach(function (row) {
        if (row[0] === "data") row[1] = Model.exact(result.data[id]);
        const total = result.timeline.steps.length;
        if (row[0] === "grad") row[1] = Model.exact(!edited && step === total ? original.grads[id] : grads[id]) + (step < total ? " (at step " + step + ")" : "");
      });
      // A check page's note rows: the edited inputs' check.
      if (checkNotes) checkNotes.patchRows(id, rows);
    }

    const api = {
      canStep: true,
      renderInputs: whatIf.renderInputs,
      setByName: whatIf.setByName,
      get step() { return step; },
      go: go,
      togglePlay: stepper.player.toggle,
      patchRows: patchRows,
      editorFor: whatIf.editorFor,
    };
    whatIf.renderInputs();
    render();
    return api;
  }

  /// The stepper `bar` shown, its buttons, slider and player wired to `steps`: `go(target)`,
  /// the `current()` step, whether it is the last (`atEnd()`). `show(step, total, caption)`
  /// updates the slider, the count and the caption.
  function stepperBar(bar, steps) {
    const slider = document.getElementById("step-slider");
    const countLabel = document.getElementById("step-count");
    const captionLine = document.getElementById("caption");
    bar.hidden = false;
    document.getElementById("step-first").addEventListener("click", function () { steps.go(0); });
    document.getElementById("step-back").addEventListener("click", function () { steps.go(steps.current() - 1); });
    document.getElementById("step-next").addEventListener("click", function () { steps.go(steps.current() + 1); });
    document.getElementById("step-last").addEventListener("click", function () { steps.go(Infinity); });
    slider.addEventListener("input", function () { steps.go(+slider.value); });
    const player = root.GradvizPlayer(document.getElementById("step-play"), document.getElementById("step-speed"), {
      atEnd: steps.atEnd,
      restart: function () { steps.go(0); },
      advance: function () { steps.go(steps.current() + 1); },
    });
    function show(step, total, caption) {
      slider.max = String(total);
      slider.value = String(step);
      slider.setAttribute("aria-valuetext", "step " + step + " of " + total);
      countLabel.textContent = "step " + step + " / " + total;
      captionLine.textContent = caption;
    }
    return { player: player, show: show };
  }
  root.GradvizDebugger = Debugger;
})(typeof window !== "undefined" ? window : globalThis);
