#!/usr/bin/env node
// A toy scalar autograd engine in the micrograd style, and an adapter that lets
// `gradviz test-engine` drive it (protocol: docs/test-engine-protocol.md). Plain Node.js.
//
//   gradviz test-engine --command "node adapter.js"
//
// GRADVIZ_TOY_BUG plants one classic backward bug; GRADVIZ_TOY_OPS limits the operations
// offered; GRADVIZ_TOY_HOSTILE makes the adapter misbehave, to test gradviz itself.
'use strict';

// ---- The engine ------------------------------------------------------------

const bug = process.env.GRADVIZ_TOY_BUG || '';

class Value {
  constructor(data, prev = []) {
    this.data = data;
    this.grad = 0;
    this.prev = prev; // operands, in order (a + a lists a twice)
    this.backwardStep = () => {};
  }

  // adds a contribution to this.grad (the `overwrite` bug assigns it instead)
  accumulate(x) { if (bug === 'overwrite') this.grad = x; else this.grad += x; }

  // makes the result of an operation and its backward step, given as (out) => { ... }
  static op(data, prev, step) {
    const out = new Value(data, prev);
    out.backwardStep = () => step(out);
    return out;
  }

  add(b) { return Value.op(this.data + b.data, [this, b], (o) => { this.accumulate(o.grad); b.accumulate(o.grad); }); }

  sub(b) {
    if (bug === 'sub-swapped') // computes b - a, with the backward of b - a
      return Value.op(b.data - this.data, [this, b], (o) => { this.accumulate(-o.grad); b.accumulate(o.grad); });
    return Value.op(this.data - b.data, [this, b], (o) => {
      this.accumulate(o.grad);
      b.accumulate(bug === 'sub-sign' ? o.grad : -o.grad);
    });
  }

  mul(b) {
    return Value.op(this.data * b.data, [this, b], (o) => {
      if (bug === 'missing-out-grad') { this.accumulate(b.data); b.accumulate(this.data); }
      else { this.accumulate(b.data * o.grad); b.accumulate(this.data * o.grad); }
    });
  }

  div(b) {
    return Value.op(this.data / b.data, [this, b], (o) => {
      this.accumulate(o.grad / b.data);
      b.accumulate(-(o.grad * o.data / b.data));
    });
  }

  neg() { return Value.op(-this.data, [this], (o) => this.accumulate(-o.grad)); }

  pow(e) { // a constant exponent; a ** 0 is a constant
    return Value.op(Math.pow(this.data, e), [this], (o) =>
      this.accumulate(e === 0 ? 0 : e * Math.pow(this.data, e - 1) * o.grad));
  }

  powv(b) { // a value as exponent, with a gradient to both
    return Value.op(Math.pow(this.data, b.data), [this, b], (o) => {
      const a = this.data;
      const lnA = bug === 'powv-exponent' ? a : Math.log(a);
      this.accumulate(b.data === 0 ? 0 : b.data * Math.pow(a, b.data - 1) * o.grad);
      b.accumulate(a === 0 && b.data >= 0 ? 0 : lnA * o.data * o.grad); // a ** b is flat in b at a = 0
    });
  }

  exp() { return Value.op(Math.exp(this.data), [this], (o) => this.accumulate(o.data * o.grad)); }

  log() { return Value.op(Math.log(this.data), [this], (o) => this.accumulate(1 / this.data * o.grad)); }

  tanh() {
    return Value.op(Math.tanh(this.data), [this], (o) =>
      this.accumulate((bug === 'tanh-one-minus-o' ? 1 - o.data : 1 - o.data * o.data) * o.grad));
  }

  relu() {
    return Value.op(this.data < 0 ? 0 : this.data, [this], (o) =>
      this.accumulate(bug === 'relu-leak' ? o.grad : (o.data > 0 ? 1 : 0) * o.grad));
  }

  sigmoid() {
    return Value.op(1 / (1 + Math.exp(-this.data)), [this], (o) => this.accumulate(o.data * (1 - o.data) * o.grad));
  }

  backward() {
    this.grad = 1;
    if (bug === 'recursive') { // the classic mistake: no order, no visited set
      const recurse = (v) => { v.backwardStep(); v.prev.forEach(recurse); };
      recurse(this);
      return;
    }
    const topo = [];
    const visited = new Set();
    const build = (v) => {
      if (visited.has(v)) return;
      visited.add(v);
      v.prev.forEach(build);
      topo.push(v);
    };
    build(this);
    for (let i = topo.length - 1; i >= 0; i--) topo[i].backwardStep();
  }
}

// ---- The adapter -----------------------------------------------------------

const ALL_OPS = ['add', 'sub', 'mul', 'div', 'neg', 'pow', 'powv', 'exp', 'log', 'tanh', 'relu', 'sigmoid'];
const BUGS = ['overwrite', 'recursive', 'sub-sign', 'sub-swapped', 'tanh-one-minus-o', 'missing-out-grad', 'relu-leak', 'powv-exponent'];
const HOSTILE = ['hang', 'flood', 'exit', 'garbage', 'wrong-id', 'no-ready'];
const BINARY = ['add', 'sub', 'mul', 'div', 'powv'];
const DECIMAL = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/;
const INDEX = /^[0-9]{1,9}$/;
const hostile = process.env.GRADVIZ_TOY_HOSTILE || '';

if (bug && !BUGS.includes(bug)) {
  process.stderr.write(`toy adapter: unknown GRADVIZ_TOY_BUG "${bug}" (known: ${BUGS.join(' ')})\n`);
  process.exit(2);
}
if (hostile && !HOSTILE.includes(hostile)) {
  process.stderr.write(`toy adapter: unknown GRADVIZ_TOY_HOSTILE "${hostile}" (known: ${HOSTILE.join(' ')})\n`);
  process.exit(2);
}
const wanted = (process.env.GRADVIZ_TOY_OPS || '').split(/[\s,]+/).filter(Boolean);
const offered = ALL_OPS.filter((op) => wanted.length === 0 || wanted.includes(op));

function parseNumber(s) {
  const l = s.toLowerCase();
  if (l === 'nan') return NaN;
  if (l === 'inf') return Infinity;
  if (l === '-inf') return -Infinity;
  if (!DECIMAL.test(s)) throw new Error(`bad number "${s}"`);
  return Number(s);
}

function format(x) {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return String(x); // the shortest text that reads back as the same double
}

// builds one program's values from its statement lines, runs backward, and answers
function run(lines) {
  const values = [];
  const operand = (s) => {
    if (!INDEX.test(s) || Number(s) >= values.length) throw new Error(`operand "${s}" is not an earlier value`);
    return values[Number(s)];
  };
  let root = -1;
  for (const line of lines) {
    const f = line.split(/\s+/).filter(Boolean);
    if (root >= 0) throw new Error(`statement after backward: "${line}"`);
    if (f.length === 2 && f[0] === 'backward') {
      if (!INDEX.test(f[1]) || Number(f[1]) >= values.length) throw new Error(`bad backward line "${line}"`);
      root = Number(f[1]);
      continue;
    }
    if (f.length < 3 || f[0] !== String(values.length)) throw new Error(`bad statement "${line}" (expected id ${values.length})`);
    const [, op, ...args] = f;
    if (op !== 'leaf' && !offered.includes(op)) throw new Error(`unknown op "${op}"`);
    const arity = op === 'pow' || BINARY.includes(op) ? 2 : 1;
    if (args.length !== arity) throw new Error(`${op} takes ${arity} argument(s): "${line}"`);
    if (op === 'leaf') values.push(new Value(parseNumber(args[0])));
    else if (op === 'pow') values.push(operand(args[0]).pow(parseNumber(args[1])));
    else if (arity === 2) values.push(operand(args[0])[op](operand(args[1])));
    else values.push(operand(args[0])[op]());
  }
  if (root < 0) throw new Error('program has no backward line');
  values[root].backward();
  return values.map((v, i) => `${i} ${format(v.data)} ${format(v.grad)}`);
}

// ---- Input: whole lines, one at a time -------------------------------------

let state = 'handshake'; // then 'top', then 'program'
let body = [];
let pending = '';
let programs = 0;

function send(lines) { process.stdout.write(lines.map((l) => l + '\n').join('')); }

function answer(lines) {
  programs += 1;
  if (programs === 1 && hostile) return misbehave(lines);
  try {
    send([...run(lines), 'end']);
  } catch (e) {
    send([`error ${String(e && e.message).replace(/[\r\n]+/g, ' ')}`]);
  }
}

function onLine(raw) {
  const line = raw.replace(/\r$/, '');
  if (state === 'handshake') {
    if (hostile === 'no-ready') { send(['hello world']); state = 'top'; return; }
    if (line !== 'gradviz-engine 1') {
      send(['error expected the handshake `gradviz-engine 1`']);
      process.exitCode = 1;
      return finish();
    }
    send(['ready ' + offered.join(' ')]);
    state = 'top';
  } else if (line === 'quit') {
    finish();
  } else if (state === 'program') {
    if (line === 'end') { state = 'top'; answer(body); } else body.push(line);
  } else if (/^program [0-9]{1,9}$/.test(line.trim())) {
    state = 'program';
    body = [];
  } else if (line.trim() !== '') {
    send([`error expected "program N", got "${line.slice(0, 80)}"`]);
  }
}

let finished = false;
function finish() {
  if (finished) return;
  finished = true;
  process.stdin.pause();
  process.stdin.removeAllListeners('data');
  // exits once stdout has drained (process.exit() could cut a piped write short)
  process.stdout.write('', () => process.exit());
}

process.stdin.setEncoding('latin1');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  let nl;
  while (!finished && (nl = pending.indexOf('\n')) >= 0) {
    const line = pending.slice(0, nl);
    pending = pending.slice(nl + 1);
    onLine(line);
  }
});
process.stdin.on('end', () => { if (hostile !== 'hang' && hostile !== 'flood') finish(); });
process.stdout.on('error', () => process.exit(0)); // gradviz closed the pipe

// ---- Hostile variants (GRADVIZ_TOY_HOSTILE): gradviz must survive each -----

function misbehave(lines) {
  const good = (() => { try { return run(lines); } catch (e) { return ['0 0 0']; } })();
  switch (hostile) {
    case 'hang': // never answers; ignores any further input and end of input too
      process.stdin.removeAllListeners('data');
      setInterval(() => {}, 1 << 30);
      break;
    case 'flood': { // 100 MB with no newline, then silence
      process.stdin.removeAllListeners('data');
      const chunk = 'x'.repeat(1 << 20);
      let left = 100;
      const more = () => {
        while (left > 0) {
          left -= 1;
          if (!process.stdout.write(chunk)) { process.stdout.once('drain', more); return; }
        }
      };
      more();
      setInterval(() => {}, 1 << 30);
      break;
    }
    case 'exit': // the first line and half of the next, then gone
      process.stdout.write(good[0] + '\n' + (good[1] || '1 2').slice(0, 3), () => process.exit(0));
      break;
    case 'garbage':
      send([...good.map(() => 'hello world'), 'end']);
      break;
    case 'wrong-id': // right numbers, ids shifted by one
      send([...good.map((l) => l.replace(/^(\d+)/, (id) => String(Number(id) + 1))), 'end']);
      break;
    default: // 'no-ready' misbehaved at the handshake; answer normally
      send([...good, 'end']);
  }
}
