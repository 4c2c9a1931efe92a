// gradviz training replay: the model. Pure logic, no DOM: reading the recorded run, the
// network's forward pass in the engine's order (bias first, then each weight times its input,
// then the activation: the engine's IEEE operations, so the numbers are the engine's to the
// last bit except where Math.tanh differs from the C library's by an ulp), the decision
// boundary over the data's plane, the colours and widths of weights, and the captions.
// The page inlines it after model.js; Node's tests load it with require().
(function (root) {
  "use strict";
  const Model = typeof module !== "undefined" && module.exports ? require("./model.js") : root.GradvizModel;
  const number = Model.number;

  // MARK: - Reading

  /// The replay from the page's JSON: units flattened (inputs first, then each layer's
  /// neurons), each neuron's incoming connections in weight order, and every frame's numbers.
  function readReplay(payload) {
    const units = [];
    const layerStart = [];
    payload.layers.forEach(function (layer, layerIndex) {
      layerStart.push(units.length);
      layer.forEach(function (unit, index) {
        units.push({ name: unit.name, activation: unit.activation, layer: layerIndex, index: index, incoming: [], bias: -1 });
      });
    });
    const connections = payload.connections.map(function (c, position) {
      const from = layerStart[c[0]] + c[1], to = layerStart[c[0] + 1] + c[2];
      units[to].incoming.push(position);
      return { from: from, to: to, name: c[3] };
    });
    let biasIndex = 0;
    units.forEach(function (unit) { if (unit.layer > 0) unit.bias = biasIndex++; });
    const numbers = function (list) { return list.map(number); };
    const frames = payload.frames.map(function (frame) {
      return {
        step: frame.step, loss: number(frame.loss), accuracy: number(frame.accuracy),
        lr: frame.lr === null ? null : number(frame.lr), out: numbers(frame.out), grad: numbers(frame.grad),
        bias: numbers(frame.bias), dead: new Set(frame.dead), weight: numbers(frame.weight), weightGrad: numbers(frame.weightGrad),
      };
    });
    const plane = payload.plane && {
      x: numbers(payload.plane.x), y: numbers(payload.plane.y), cells: payload.plane.cells,
      points: payload.plane.points.map(numbers),
    };
    const curveSteps = [];
    for (let step = 0; step < payload.steps; step += payload.curveStride) curveSteps.push(step);
    curveSteps.push(payload.steps);
    return {
      title: payload.title, loss: payload.loss, steps: payload.steps, note: payload.note, stopped: payload.stopped || null, batchSize: payload.batchSize || null, caption: payload.caption,
      layers: payload.layers.length, layerStart: layerStart, units: units, connections: connections, frames: frames,
      plane: plane, curve: { steps: curveSteps, losses: numbers(payload.losses), accuracies: numbers(payload.accuracies) },
      outputCount: payload.layers.length ? payload.layers[payload.layers.length - 1].length : 0,
    };
  }

  /// The frame showing `step`: the one recorded at that step, or the last recorded before it.
  function frameIndexOf(replay, step) {
    let best = 0;
    replay.frames.forEach(function (frame, index) { if (frame.step <= step) best = index; });
    return best;
  }

  // MARK: - The network, computed

  /// Every unit's output for `input` (the features) with the frame's weights and biases, in the
  /// engine's order: `b + w1·x1 + w2·x2 + …`, then the activation.
  function forward(replay, frame, input) {
    const out = new Array(replay.units.length);
    replay.units.forEach(function (unit, id) {
      if (unit.layer === 0) { out[id] = input[unit.index]; return; }
      let sum = frame.bias[unit.bias];
      for (const position of unit.incoming) {
        sum = sum + frame.weight[position] * out[replay.connections[position].from];
      }
      out[id] = activate(unit.activation, sum);
    });
    return out;
  }

  function activate(name, x) {
    switch (name) {
      case "relu": return x < 0 ? 0 : x;
      case "tanh": return Math.tanh(x);
      default: return x;
    }
  }

  /// The outputs (the last layer) for `input`.
  function outputs(replay, frame, input) {
    const out = forward(replay, frame, input);
    return out.slice(replay.layerStart[replay.layers - 1]);
  }

  /// The index of the largest output, the first of equals (NaN never wins), as the engine's
  /// `predictedClass`.
  function predictedClass(values) {
    let best = 0;
    for (let index = 1; index < values.length; index++) if (values[index] > values[best]) best = index;
    return best;
  }

  /// Whether the frame's model classifies a sample right: by the sign of the one output, or
  /// by the largest of several (the engine's rule).
  function isCorrect(replay, frame, point) {
    const values = outputs(replay, frame, point.slice(0, point.length - 1));
    const target = point[point.length - 1];
    if (values.length === 1) return (target > 0) === (values[0] > 0);
    return predictedClass(values) === Math.round(target);
  }

  /// The share of the plane's points the frame's model classifies right.
  function accuracy(replay, frame) {
    const points = replay.plane ? replay.plane.points : [];
    let correct = 0;
    for (const point of points) if (isCorrect(replay, frame, point)) correct++;
    return points.length ? correct / points.length : NaN;
  }

  /// The model over the plane: `cells × cells` cells, row 0 at the bottom, each cell's score
  /// (one output) or winning class and its softmax probability (several), at the cell's centre
  /// computed as the `--boundary` plot does.
  function boundary(replay, frame) {
    const plane = replay.plane, cells = plane.cells;
    const coordinate = function (index, range) { return range[0] + ((index + 0.5) / cells) * (range[1] - range[0]); };
    const grid = [];
    for (let row = 0; row < cells; row++) {
      const y = coordinate(row, plane.y), line = [];
      for (let column = 0; column < cells; column++) {
        const values = outputs(replay, frame, [coordinate(column, plane.x), y]);
        if (values.length === 1) { line.push({ score: values[0] }); continue; }
        const winner = predictedClass(values), top = values[winner];
        let total = 0;
        for (const value of values) total += Math.exp(value - top);
        line.push({ score: 1 / total, winner: winner });
      }
      grid.push(line);
    }
    return grid;
  }

  // MARK: - Colours and widths (the static drawings' rules, with the colours they pass in)

  function hex(value) {
    const clamped = Math.min(Math.max(Math.round(value), 0), 255);
    return (clamped < 16 ? "0" : "") + clamped.toString(16);
  }

  function mixed(color, mix) {
    let text = "#";
    for (const offset of [1, 3, 5]) text += hex(255 - (255 - parseInt(color.slice(offset, offset + 2), 16)) * mix);
    return text;
  }

  /// A boundary cell's colour: one output shaded by its score's sign and size, several by the
  /// winning class and how sure the softmax is (the `--boundary` plot's rule).
  function cellColor(cell, colors, classCount) {
    if (cell.winner === undefined) {
      if (!Number.isFinite(cell.score)) return colors.unknown;
      const strength = Math.min(Math.abs(cell.score), 2) / 2;
      return mixed(cell.score >= 0 ? colors.positiveScore : colors.negativeScore, 0.25 + 0.75 * strength);
    }
    const chance = 1 / Math.max(classCount, 2);
    const strength = Number.isFinite(cell.score) ? Math.min(Math.max((cell.score - chance) / (1 - chance), 0), 1) : 0;
    return mixed(classColor(cell.winner, colors), 0.15 + 0.35 * strength);
  }

  function classColor(index, colors) {
    return index >= 0 ? colors.classes[index % colors.classes.length] : colors.unknown;
  }

  /// A data point's colour: by the sign of its target (one output) or its class.
  function pointColor(target, colors, classCount) {
    if (classCount === 1) return target > 0 ? colors.classes[0] : colors.classes[1];
    return classColor(Number.isFinite(target) && Number.isInteger(Math.round(target)) ? Math.round(target) : -1, colors);
  }

  /// A weight's line: width and colour with opacity by its size against the frame's largest
  /// (the neurons view's rule: 0.3 to 3.5 wide, alpha 40 to 220 truncated), blue positive, red negative.
  function stroke(weight, largest, colors) {
    const magnitude = largest > 0 && Number.isFinite(weight) ? Math.abs(weight) / largest : 0;
    const color = !Number.isFinite(weight) ? colors.nonFiniteText : weight >= 0 ? colors.positiveWeight : colors.negativeWeight;
    return { width: 0.3 + 3.2 * magnitude, color: color + hex(Math.trunc(40 + 180 * magnitude)).toUpperCase() };
  }

  function largestWeight(frame) {
    let largest = 0;
    for (const weight of frame.weight) if (Number.isFinite(weight) && Math.abs(weight) > largest) largest = Math.abs(weight);
    return largest || 1;
  }

  /// Round tick values covering `low…high`: 0.1, 0.2, 0.25 or 0.5 times a power of ten apart,
  /// four to six of them.
  function ticks(low, high) {
    if (!(high > low)) return [low, low + 1];
    const raw = (high - low) / 4, power = Math.pow(10, Math.floor(Math.log10(raw)));
    let step = power;
    for (const factor of [1, 2, 2.5, 5, 10]) { step = factor * power; if (step >= raw) break; }
    const values = [];
    for (let value = Math.floor(low / step) * step; value < high + step * 0.999; value += step) {
      values.push(Number(value.toPrecision(12)));
    }
    return values;
  }

  // MARK: - Captions

  function percent(value) {
    return Number.isFinite(value) ? (Math.round(value * 1000) / 10).toFixed(1) + "%" : Model.short(value);
  }

  /// What a frame shows, in words.
  function caption(replay, index) {
    const frame = replay.frames[index];
    const head = "Step " + frame.step + " of " + replay.steps + ": loss " + Model.exact(frame.loss) + ", accuracy " + percent(frame.accuracy) + ". ";
    if (replay.stopped && index === replay.frames.length - 1) return head + "Training stopped here: " + replay.stopped + ".";
    if (frame.lr === null) {
      return head + (replay.steps === 0 ? "The untrained model (no steps were run)." : "The trained model, after every update.");
    }
    const updates = "The model after " + frame.step + " update" + (frame.step === 1 ? "" : "s");
    if (replay.batchSize) {
      return head + updates + "; the grads are the whole data's loss's, and this step's update moves each parameter by −" + Model.brief(frame.lr) + " × the grad of its batch of " + replay.batchSize + " samples.";
    }
    return head + updates + "; the grads are this step's, and its update moves each parameter by −" + Model.brief(frame.lr) + " × grad.";
  }

  const api = {
    readReplay: readReplay, frameIndexOf: frameIndexOf, forward: forward, outputs: outputs, predictedClass: predictedClass,
    accuracy: accuracy, boundary: boundary, cellColor: cellColor, pointColor: pointColor, stroke: stroke,
    largestWeight: largestWeight, ticks: ticks, percent: percent, caption: caption,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.GradvizTraining = api;
})(this);
