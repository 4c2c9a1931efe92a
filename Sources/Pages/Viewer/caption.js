// gradviz viewer: the backward stepper's caption. What a step did (Model.caption) and, at the
// last step, what the page knows of the drawing's own grads, which another engine wrote
// (verify, draw) and which may differ from a correct replay over its data: on verify's page,
// verify has judged them node by node within the printed rounding, and the caption says what
// verify says (a replay from the root over rounded numbers would drift); elsewhere, the nodes
// where the replay differs.
(function (root) {
  "use strict";
  const Model = root.GradvizModel;
  /// The captions of `graph`'s steps; `drawnGrads` are the drawing's grads, `replayedGrads`
  /// those of a correct backward pass over the drawing's data.
  function StepCaption(graph, drawnGrads, replayedGrads) {
    const verified = graph.verified ? graph.verified.filter(function (f) { return f.quantity === "grad"; }) : null;
    const differing = [];
    if (verified) {
      verified.forEach(function (f) { differing.push(f.id); });
    } else {
      for (let id = 0; id < graph.nodes.length; id++) {
        const a = replayedGrads[id], b = drawnGrads[id];
        if (!Model.sameNumber(a, b) && !(Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)))) differing.push(id);
      }
    }
    /// The caption of step `step` of `result` (the numbers shown: data, grads, timeline).
    /// `stepping`: the user has moved through the steps; `edited`: inputs are edited.
    function caption(result, step, stepping, edited) {
      const line = result.timeline, total = line.steps.length;
      let text = Model.caption(graph, line, step, result.data);
      if (step === total && total > 0 && !stepping) {
        text = "Backward done (" + total + " step" + (total === 1 ? "" : "s") + "): " + (edited ? "every value and grad recomputed for the edited inputs" : "every grad as drawn") + ". Home (⏮) goes back to step 0, before backward; → then runs one node's backward step at a time, and space plays them.";
      }
      if (step === total && total > 0) {
        if (stepping) text = "Step " + step + " of " + total + ". " + text;
        if (!edited) text += findings(result.grads);
      } else if (step > 0) {
        text = "Step " + step + " of " + total + ". " + text;
      }
      return text;
    }
    /// What the last step's caption adds of the drawing's grads ("" when there is nothing to
    /// say): verify's findings, or where `grads` (the replay's) differ from the drawing's.
    function findings(grads) {
      if (verified) {
        const shown = verified.slice(0, 4).map(function (f) {
          return f.name + " (drawn " + Model.brief(drawnGrads[f.id]) + ", expected " + Model.brief(f.expected) + ")";
        });
        return verified.length === 0
          ? " verify: every drawn grad is what its users send back, within the printed rounding."
          : " verify: " + verified.length + " drawn grad" + (verified.length === 1 ? " differs" : "s differ") + " from what " + (verified.length === 1 ? "its" : "their") + " users send back, beyond the printed rounding: " + shown.join(", ") + (verified.length > 4 ? ", …" : "") + ".";
      }
      if (differing.length === 0) return "";
      const shown = differing.slice(0, 4).map(function (id) {
        return Model.idName(graph, id) + " (drawn " + Model.brief(drawnGrads[id]) + ", replayed " + Model.brief(grads[id]) + ")";
      });
      return " The drawing's grads differ from this replay at " + differing.length + " node" + (differing.length === 1 ? "" : "s") + ": " + shown.join(", ") + (differing.length > 4 ? ", …" : "") + ".";
    }
    return { caption: caption };
  }
  root.GradvizStepCaption = StepCaption;
})(typeof window !== "undefined" ? window : globalThis);
