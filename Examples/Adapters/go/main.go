// A toy scalar autograd engine in the micrograd style, and an adapter that lets
// `gradviz test-engine` drive it (protocol: docs/test-engine-protocol.md). Standard library only:
//
//	go build -o toy-adapter main.go
//	gradviz test-engine --command ./toy-adapter
//
// GRADVIZ_TOY_BUG plants one classic backward bug; GRADVIZ_TOY_OPS limits the operations offered.
package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
)

// ---- The engine ------------------------------------------------------------

var bug = os.Getenv("GRADVIZ_TOY_BUG")

// Value is one scalar in the graph: its data, its gradient, the values it was made from,
// and the step that passes its gradient on to them.
type Value struct {
	Data, Grad float64
	prev       []*Value
	backward   func()
}

func Leaf(x float64) *Value { return &Value{Data: x, backward: func() {}} }

// op makes the result of an operation; step(out) passes out.Grad on to the operands.
func op(data float64, step func(out *Value), prev ...*Value) *Value {
	out := &Value{Data: data, prev: prev}
	out.backward = func() { step(out) }
	return out
}

// accumulate adds a contribution to v.Grad (the `overwrite` bug assigns it instead).
func (v *Value) accumulate(x float64) {
	if bug == "overwrite" {
		v.Grad = x
	} else {
		v.Grad += x
	}
}

// ifBug is buggy when the named bug is planted, else correct.
func ifBug(name string, buggy, correct float64) float64 {
	if bug == name {
		return buggy
	}
	return correct
}

func (a *Value) Add(b *Value) *Value {
	return op(a.Data+b.Data, func(o *Value) { a.accumulate(o.Grad); b.accumulate(o.Grad) }, a, b)
}

func (a *Value) Sub(b *Value) *Value {
	if bug == "sub-swapped" { // computes b - a, with the backward of b - a
		return op(b.Data-a.Data, func(o *Value) { a.accumulate(-o.Grad); b.accumulate(o.Grad) }, a, b)
	}
	return op(a.Data-b.Data, func(o *Value) {
		a.accumulate(o.Grad)
		b.accumulate(ifBug("sub-sign", o.Grad, -o.Grad))
	}, a, b)
}

func (a *Value) Mul(b *Value) *Value {
	return op(a.Data*b.Data, func(o *Value) {
		a.accumulate(ifBug("missing-out-grad", b.Data, b.Data*o.Grad))
		b.accumulate(ifBug("missing-out-grad", a.Data, a.Data*o.Grad))
	}, a, b)
}

func (a *Value) Div(b *Value) *Value {
	return op(a.Data/b.Data, func(o *Value) {
		a.accumulate(o.Grad / b.Data)
		b.accumulate(-(o.Grad * o.Data / b.Data))
	}, a, b)
}

func (a *Value) Neg() *Value { return op(-a.Data, func(o *Value) { a.accumulate(-o.Grad) }, a) }

// Pow raises a to a constant exponent e (a**0 is a constant: gradient 0).
func (a *Value) Pow(e float64) *Value {
	return op(math.Pow(a.Data, e), func(o *Value) {
		if e == 0 {
			a.accumulate(0)
		} else {
			a.accumulate(e * math.Pow(a.Data, e-1) * o.Grad)
		}
	}, a)
}

// PowV raises a to the value b, with a gradient to both (to b: 0 at a = 0, where a**b is flat).
func (a *Value) PowV(b *Value) *Value {
	return op(math.Pow(a.Data, b.Data), func(o *Value) {
		x, y := a.Data, b.Data
		da, db := 0.0, 0.0
		if y != 0 {
			da = y * math.Pow(x, y-1) * o.Grad
		}
		if x != 0 || y < 0 {
			db = ifBug("powv-exponent", x, math.Log(x)) * o.Data * o.Grad
		}
		a.accumulate(da)
		b.accumulate(db)
	}, a, b)
}

func (a *Value) Exp() *Value {
	return op(math.Exp(a.Data), func(o *Value) { a.accumulate(o.Data * o.Grad) }, a)
}

func (a *Value) Log() *Value {
	return op(math.Log(a.Data), func(o *Value) { a.accumulate(1 / a.Data * o.Grad) }, a)
}

func (a *Value) Tanh() *Value {
	return op(math.Tanh(a.Data), func(o *Value) {
		a.accumulate(ifBug("tanh-one-minus-o", 1-o.Data, 1-o.Data*o.Data) * o.Grad)
	}, a)
}

func (a *Value) Relu() *Value {
	return op(math.Max(a.Data, 0), func(o *Value) {
		if o.Data > 0 || bug == "relu-leak" {
			a.accumulate(o.Grad)
		} else {
			a.accumulate(0 * o.Grad)
		}
	}, a)
}

func (a *Value) Sigmoid() *Value {
	return op(1/(1+math.Exp(-a.Data)), func(o *Value) { a.accumulate(o.Data * (1 - o.Data) * o.Grad) }, a)
}

// Backward sets v.Grad to 1 and runs every backward step in reverse topological order.
func (v *Value) Backward() {
	v.Grad = 1
	if bug == "recursive" { // the classic mistake: no order, no visited set
		var recurse func(*Value)
		recurse = func(n *Value) {
			n.backward()
			for _, p := range n.prev {
				recurse(p)
			}
		}
		recurse(v)
		return
	}
	var topo []*Value
	visited := map[*Value]bool{}
	var build func(*Value)
	build = func(n *Value) {
		if !visited[n] {
			visited[n] = true
			for _, p := range n.prev {
				build(p)
			}
			topo = append(topo, n)
		}
	}
	build(v)
	for i := len(topo) - 1; i >= 0; i-- {
		topo[i].backward()
	}
}

// ---- The adapter -----------------------------------------------------------

var allOps = strings.Fields("add sub mul div neg pow powv exp log tanh relu sigmoid")
var bugs = " overwrite recursive sub-sign sub-swapped tanh-one-minus-o missing-out-grad relu-leak powv-exponent "
var arity = map[string]int{"leaf": 1, "add": 2, "sub": 2, "mul": 2, "div": 2, "neg": 1, "pow": 2, "powv": 2,
	"exp": 1, "log": 1, "tanh": 1, "relu": 1, "sigmoid": 1}
var decimal = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// fail ends the current program with an `error` answer (run recovers it).
func fail(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

var special = map[string]float64{"nan": math.NaN(), "inf": math.Inf(1), "-inf": math.Inf(-1)}

func number(s string) float64 {
	if x, ok := special[strings.ToLower(s)]; ok {
		return x
	}
	if !decimal.MatchString(s) {
		fail("bad number %q", s)
	}
	x, _ := strconv.ParseFloat(s, 64) // out of range gives ±Inf or 0, as intended
	return x
}

func index(s string, below int) int {
	i, err := strconv.Atoi(s)
	if err != nil || i < 0 || i >= below || strings.TrimLeft(s, "0123456789") != "" {
		fail("%q is not an earlier value", s)
	}
	return i
}

func format(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return strings.TrimPrefix(strings.ToLower(fmt.Sprint(x)), "+") // nan, inf, -inf
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// run builds one program's values from its statement lines, runs backward, and answers.
func run(lines []string, offered map[string]bool) (answer []string, err error) {
	defer func() {
		if p := recover(); p != nil {
			answer, err = nil, fmt.Errorf("%v", p)
		}
	}()
	var values []*Value
	operand := func(s string) *Value { return values[index(s, len(values))] }
	root := -1
	for _, line := range lines {
		f := strings.Fields(line)
		if root >= 0 {
			fail("statement after backward: %q", line)
		} else if len(f) == 2 && f[0] == "backward" {
			root = index(f[1], len(values))
			continue
		} else if len(f) < 3 || f[0] != strconv.Itoa(len(values)) {
			fail("bad statement %q (expected id %d)", line, len(values))
		}
		op, args := f[1], f[2:]
		if op != "leaf" && !offered[op] {
			fail("unknown op %q", op)
		} else if len(args) != arity[op] {
			fail("%s takes %d argument(s): %q", op, arity[op], line)
		}
		var v *Value
		switch op {
		case "leaf":
			v = Leaf(number(args[0]))
		case "pow":
			v = operand(args[0]).Pow(number(args[1]))
		case "add", "sub", "mul", "div", "powv":
			a, b := operand(args[0]), operand(args[1])
			v = map[string]func(*Value) *Value{"add": a.Add, "sub": a.Sub, "mul": a.Mul, "div": a.Div, "powv": a.PowV}[op](b)
		default:
			a := operand(args[0])
			v = map[string]func() *Value{"neg": a.Neg, "exp": a.Exp, "log": a.Log, "tanh": a.Tanh, "relu": a.Relu, "sigmoid": a.Sigmoid}[op]()
		}
		values = append(values, v)
	}
	if root < 0 {
		fail("program has no backward line")
	}
	values[root].Backward()
	for i, v := range values {
		answer = append(answer, fmt.Sprintf("%d %s %s", i, format(v.Data), format(v.Grad)))
	}
	return answer, nil
}

func main() {
	// The adapter answers one program at a time, and gradviz works beside it on another
	// core: one thread for Go code keeps the runtime's garbage collector and idle threads
	// off gradviz's core (on 2 cores the default made the adapter about 10% slower).
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1)
	}
	if bug != "" && !strings.Contains(bugs, " "+bug+" ") {
		fmt.Fprintf(os.Stderr, "toy adapter: unknown GRADVIZ_TOY_BUG %q (known:%s)\n", bug, bugs)
		os.Exit(2)
	}
	wanted := " " + strings.Join(strings.Fields(strings.ReplaceAll(os.Getenv("GRADVIZ_TOY_OPS"), ",", " ")), " ") + " "
	offered, ready := map[string]bool{}, "ready"
	for _, op := range allOps {
		if wanted == "  " || strings.Contains(wanted, " "+op+" ") {
			offered[op], ready = true, ready+" "+op
		}
	}
	in, out := bufio.NewReader(os.Stdin), bufio.NewWriter(os.Stdout)
	readLine := func() string { // "quit" at the end of input
		s, err := in.ReadString('\n')
		if err != nil && s == "" {
			return "quit"
		}
		return strings.TrimRight(s, "\r\n")
	}
	if readLine() != "gradviz-engine 1" {
		fmt.Fprintln(out, "error expected the handshake `gradviz-engine 1`")
		out.Flush()
		os.Exit(1)
	}
	fmt.Fprintln(out, ready)
	out.Flush()
	for line := readLine(); line != "quit"; line = readLine() {
		if f := strings.Fields(line); len(f) == 0 {
			continue
		} else if len(f) != 2 || f[0] != "program" || strings.Trim(f[1], "0123456789") != "" {
			fmt.Fprintf(out, "error expected `program N`, got %.80q\n", line)
			out.Flush()
			continue
		}
		var body []string
		for line = readLine(); line != "end"; line = readLine() {
			if line == "quit" {
				return
			}
			body = append(body, line)
		}
		if answer, err := run(body, offered); err != nil {
			fmt.Fprintf(out, "error %s\n", strings.ReplaceAll(err.Error(), "\n", " "))
		} else {
			fmt.Fprintf(out, "%s\nend\n", strings.Join(answer, "\n"))
		}
		// gradviz sends programs ahead: answers go out together, before a read that could wait.
		if in.Buffered() == 0 {
			out.Flush()
		}
	}
}
