//! A toy scalar autograd engine in the micrograd style, and an adapter that lets
//! `gradviz test-engine` drive it (protocol: docs/test-engine-protocol.md). std only:
//!
//!     rustc -O --edition 2021 adapter.rs -o toy-adapter
//!     gradviz test-engine --command ./toy-adapter
//!
//! GRADVIZ_TOY_BUG plants one classic backward bug; GRADVIZ_TOY_OPS limits the operations offered.
use std::cell::Cell;
use std::collections::HashSet;
use std::io::{self, BufRead, Write};
use std::rc::Rc;

// ---- The engine ------------------------------------------------------------

thread_local!(static BUG: String = std::env::var("GRADVIZ_TOY_BUG").unwrap_or_default());
fn bug(name: &str) -> bool { BUG.with(|b| b == name) }

/// Given the output's data and grad, adds each operand's share to its gradient.
type Step = Box<dyn Fn(f64, f64)>;

/// One scalar in the graph: its data, its gradient, the values it was made from, and the
/// step that passes its gradient on to them. Cheap to clone (a shared handle).
#[derive(Clone)]
pub struct Value(Rc<Node>);
pub struct Node { data: f64, grad: Cell<f64>, prev: Vec<Value>, step: Option<Step> }

impl Value {
    pub fn leaf(x: f64) -> Value { Value(Rc::new(Node { data: x, grad: Cell::new(0.0), prev: vec![], step: None })) }
    fn op(data: f64, prev: Vec<Value>, step: Step) -> Value {
        Value(Rc::new(Node { data, grad: Cell::new(0.0), prev, step: Some(step) }))
    }
    pub fn data(&self) -> f64 { self.0.data }
    pub fn grad(&self) -> f64 { self.0.grad.get() }
    /// Adds a contribution to the gradient (the `overwrite` bug assigns it instead).
    fn accumulate(&self, x: f64) { self.0.grad.set(if bug("overwrite") { x } else { self.grad() + x }) }

    pub fn add(&self, b: &Value) -> Value {
        let (a, b) = (self.clone(), b.clone());
        Value::op(a.data() + b.data(), vec![a.clone(), b.clone()], Box::new(move |_, g| { a.accumulate(g); b.accumulate(g) }))
    }
    pub fn sub(&self, b: &Value) -> Value {
        let (a, b) = (self.clone(), b.clone());
        if bug("sub-swapped") { // computes b - a, with the backward of b - a
            return Value::op(b.data() - a.data(), vec![a.clone(), b.clone()], Box::new(move |_, g| { a.accumulate(-g); b.accumulate(g) }));
        }
        Value::op(a.data() - b.data(), vec![a.clone(), b.clone()], Box::new(move |_, g| {
            a.accumulate(g);
            b.accumulate(if bug("sub-sign") { g } else { -g })
        }))
    }
    pub fn mul(&self, b: &Value) -> Value {
        let (a, b) = (self.clone(), b.clone());
        Value::op(a.data() * b.data(), vec![a.clone(), b.clone()], Box::new(move |_, g| {
            if bug("missing-out-grad") { a.accumulate(b.data()); b.accumulate(a.data()) }
            else { a.accumulate(b.data() * g); b.accumulate(a.data() * g) }
        }))
    }
    pub fn div(&self, b: &Value) -> Value {
        let (a, b) = (self.clone(), b.clone());
        Value::op(a.data() / b.data(), vec![a.clone(), b.clone()], Box::new(move |out, g| {
            a.accumulate(g / b.data());
            b.accumulate(-(g * out / b.data()))
        }))
    }
    pub fn neg(&self) -> Value {
        let a = self.clone();
        Value::op(-a.data(), vec![a.clone()], Box::new(move |_, g| a.accumulate(-g)))
    }
    /// A constant exponent (a ** 0 is a constant: gradient 0).
    pub fn pow(&self, e: f64) -> Value {
        let a = self.clone();
        Value::op(a.data().powf(e), vec![a.clone()], Box::new(move |_, g| {
            a.accumulate(if e == 0.0 { 0.0 } else { e * a.data().powf(e - 1.0) * g })
        }))
    }
    /// A value as exponent, with a gradient to both.
    pub fn powv(&self, b: &Value) -> Value {
        let (a, b) = (self.clone(), b.clone());
        Value::op(a.data().powf(b.data()), vec![a.clone(), b.clone()], Box::new(move |out, g| {
            let (x, y) = (a.data(), b.data());
            let ln_x = if bug("powv-exponent") { x } else { x.ln() };
            a.accumulate(if y == 0.0 { 0.0 } else { y * x.powf(y - 1.0) * g });
            b.accumulate(if x == 0.0 && y >= 0.0 { 0.0 } else { ln_x * out * g }) // flat in b at a = 0
        }))
    }
    pub fn exp(&self) -> Value {
        let a = self.clone();
        Value::op(a.data().exp(), vec![a.clone()], Box::new(move |out, g| a.accumulate(out * g)))
    }
    pub fn log(&self) -> Value {
        let a = self.clone();
        Value::op(a.data().ln(), vec![a.clone()], Box::new(move |_, g| a.accumulate(1.0 / a.data() * g)))
    }
    pub fn tanh(&self) -> Value {
        let a = self.clone();
        Value::op(a.data().tanh(), vec![a.clone()], Box::new(move |out, g| {
            a.accumulate(if bug("tanh-one-minus-o") { (1.0 - out) * g } else { (1.0 - out * out) * g })
        }))
    }
    pub fn relu(&self) -> Value {
        let a = self.clone();
        let x = a.data();
        Value::op(if x < 0.0 { 0.0 } else { x }, vec![a.clone()], Box::new(move |out, g| {
            a.accumulate(if bug("relu-leak") { g } else { (if out > 0.0 { 1.0 } else { 0.0 }) * g })
        }))
    }
    pub fn sigmoid(&self) -> Value {
        let a = self.clone();
        Value::op(1.0 / (1.0 + (-a.data()).exp()), vec![a.clone()], Box::new(move |out, g| a.accumulate(out * (1.0 - out) * g)))
    }

    fn run_step(&self) { if let Some(step) = &self.0.step { step(self.data(), self.grad()) } }

    /// Sets this gradient to 1 and runs every backward step in reverse topological order.
    pub fn backward(&self) {
        self.0.grad.set(1.0);
        if bug("recursive") { // the classic mistake: no order, no visited set
            fn recurse(v: &Value) { v.run_step(); for p in &v.0.prev { recurse(p) } }
            return recurse(self);
        }
        fn build(v: &Value, visited: &mut HashSet<*const Node>, topo: &mut Vec<Value>) {
            if visited.insert(Rc::as_ptr(&v.0)) {
                for p in &v.0.prev { build(p, visited, topo) }
                topo.push(v.clone());
            }
        }
        let mut topo = vec![];
        build(self, &mut HashSet::new(), &mut topo);
        for v in topo.iter().rev() { v.run_step() }
    }
}

// ---- The adapter -----------------------------------------------------------

const ALL_OPS: [&str; 12] = ["add", "sub", "mul", "div", "neg", "pow", "powv", "exp", "log", "tanh", "relu", "sigmoid"];
const BUGS: &str = "overwrite recursive sub-sign sub-swapped tanh-one-minus-o missing-out-grad relu-leak powv-exponent";

fn parse_number(s: &str) -> Result<f64, String> {
    match s.to_ascii_lowercase().as_str() {
        "nan" => return Ok(f64::NAN),
        "inf" => return Ok(f64::INFINITY),
        "-inf" => return Ok(f64::NEG_INFINITY),
        _ => {}
    }
    // a decimal: sign, digits with at most one point, an optional exponent (no "inf", "1_0", "0x1")
    let (mantissa, exponent) = match s.find(['e', 'E']) { Some(i) => (&s[..i], Some(&s[i + 1..])), None => (s, None) };
    let mantissa = mantissa.strip_prefix(['+', '-']).unwrap_or(mantissa);
    let digits_ok = |t: &str| !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit());
    let exp_ok = exponent.map_or(true, |e| digits_ok(e.strip_prefix(['+', '-']).unwrap_or(e)));
    let mant_ok = mantissa.bytes().filter(|&c| c == b'.').count() <= 1
        && mantissa.bytes().all(|c| c.is_ascii_digit() || c == b'.')
        && mantissa.bytes().any(|c| c.is_ascii_digit());
    if !(mant_ok && exp_ok) { return Err(format!("bad number {:?}", s)) }
    s.parse::<f64>().map_err(|_| format!("bad number {:?}", s))
}

fn format(x: f64) -> String {
    if x.is_nan() { "nan".into() } else if x.is_infinite() { (if x > 0.0 { "inf" } else { "-inf" }).into() } else { format!("{:?}", x) }
}

fn index(s: &str, below: usize) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(i) if i < below && s.bytes().all(|c| c.is_ascii_digit()) => Ok(i),
        _ => Err(format!("{:?} is not an earlier value", s)),
    }
}

/// Builds one program's values from its statement lines, runs backward, and answers.
fn run(lines: &[String], offered: &[&str]) -> Result<Vec<String>, String> {
    let mut values: Vec<Value> = vec![];
    let mut root = None;
    for line in lines {
        let f: Vec<&str> = line.split_whitespace().collect();
        if root.is_some() { return Err(format!("statement after backward: {:?}", line)) }
        if f.len() == 2 && f[0] == "backward" {
            root = Some(index(f[1], values.len())?);
            continue;
        }
        if f.len() < 3 || f[0] != values.len().to_string() {
            return Err(format!("bad statement {:?} (expected id {})", line, values.len()));
        }
        let (op, args) = (f[1], &f[2..]);
        if op != "leaf" && !offered.contains(&op) { return Err(format!("unknown op {:?}", op)) }
        let arity = if matches!(op, "add" | "sub" | "mul" | "div" | "powv" | "pow") { 2 } else { 1 };
        if args.len() != arity { return Err(format!("{} takes {} argument(s): {:?}", op, arity, line)) }
        let v = if op == "leaf" {
            Value::leaf(parse_number(args[0])?)
        } else {
            let a = &values[index(args[0], values.len())?];
            match op {
                "pow" => a.pow(parse_number(args[1])?),
                "add" | "sub" | "mul" | "div" | "powv" => {
                    let b = &values[index(args[1], values.len())?];
                    match op { "add" => a.add(b), "sub" => a.sub(b), "mul" => a.mul(b), "div" => a.div(b), _ => a.powv(b) }
                }
                "neg" => a.neg(), "exp" => a.exp(), "log" => a.log(), "tanh" => a.tanh(), "relu" => a.relu(),
                _ => a.sigmoid(),
            }
        };
        values.push(v);
    }
    let root = root.ok_or("program has no backward line")?;
    values[root].backward();
    Ok(values.iter().enumerate().map(|(i, v)| format!("{} {} {}", i, format(v.data()), format(v.grad()))).collect())
}

fn main() {
    let bug_name = std::env::var("GRADVIZ_TOY_BUG").unwrap_or_default();
    if !bug_name.is_empty() && !BUGS.split(' ').any(|b| b == bug_name) {
        eprintln!("toy adapter: unknown GRADVIZ_TOY_BUG {:?} (known: {})", bug_name, BUGS);
        std::process::exit(2);
    }
    let wanted = std::env::var("GRADVIZ_TOY_OPS").unwrap_or_default().replace(',', " ");
    let wanted: Vec<&str> = wanted.split_whitespace().collect();
    let offered: Vec<&str> = ALL_OPS.iter().copied().filter(|op| wanted.is_empty() || wanted.contains(op)).collect();
    std::panic::set_hook(Box::new(|_| {})); // a panic becomes an `error` line, not stderr noise

    let stdin = io::stdin();
    let mut lines = stdin.lock().split(b'\n').map(|l| l.map(|b| String::from_utf8_lossy(&b).trim_end_matches('\r').to_string()));
    let mut out = io::BufWriter::new(io::stdout().lock());
    match lines.next() {
        Some(Ok(first)) if first == "gradviz-engine 1" => {}
        _ => {
            let _ = writeln!(out, "error expected the handshake `gradviz-engine 1`");
            let _ = out.flush();
            std::process::exit(1);
        }
    }
    let _ = writeln!(out, "ready {}", offered.join(" "));
    let _ = out.flush();
    while let Some(Ok(line)) = lines.next() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if line == "quit" { break }
        if f.is_empty() { continue }
        if f.len() != 2 || f[0] != "program" || index(f[1], usize::MAX).is_err() {
            let _ = writeln!(out, "error expected `program N`, got {:?}", line.chars().take(80).collect::<String>());
            let _ = out.flush();
            continue;
        }
        let mut body = vec![];
        loop {
            match lines.next() {
                Some(Ok(l)) if l == "end" => break,
                Some(Ok(l)) if l == "quit" => return,
                Some(Ok(l)) => body.push(l),
                _ => return,
            }
        }
        let result = std::panic::catch_unwind(|| run(&body, &offered)).unwrap_or_else(|_| Err("engine panicked".into()));
        let written = match result {
            Ok(answer) => answer.iter().try_for_each(|a| writeln!(out, "{}", a)).and_then(|_| writeln!(out, "end")),
            Err(message) => writeln!(out, "error {}", message.replace(['\n', '\r'], " ")),
        };
        if written.and_then(|_| out.flush()).is_err() { return }
    }
}
