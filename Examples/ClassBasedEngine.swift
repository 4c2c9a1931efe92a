import Foundation

// An ordinary class-based autograd engine, written the way Swift ports of micrograd write
// it (a class per value, a closure per backward step, a recursive topological sort), to show
// that gradviz checks an engine it has never seen. `Scalar.overwriteBug` plants the
// write-ups' first bug: `grad = …` instead of `grad += …` in addition's backward step.
final class Scalar {
    var data: Double
    var grad = 0.0
    var label = ""
    let op: String
    let children: [Scalar]
    var backwardStep: () -> Void = {}

    nonisolated(unsafe) static var overwriteBug = false

    init(_ data: Double, children: [Scalar] = [], op: String = "", label: String = "") {
        self.data = data
        self.children = children
        self.op = op
        self.label = label
    }

    static func + (lhs: Scalar, rhs: Scalar) -> Scalar {
        let out = Scalar(lhs.data + rhs.data, children: [lhs, rhs], op: "+")
        out.backwardStep = { [unowned out] in
            if overwriteBug {
                lhs.grad = out.grad
                rhs.grad = out.grad
            } else {
                lhs.grad += out.grad
                rhs.grad += out.grad
            }
        }
        return out
    }

    static func * (lhs: Scalar, rhs: Scalar) -> Scalar {
        let out = Scalar(lhs.data * rhs.data, children: [lhs, rhs], op: "*")
        out.backwardStep = { [unowned out] in
            lhs.grad += rhs.data * out.grad
            rhs.grad += lhs.data * out.grad
        }
        return out
    }

    func tanh() -> Scalar {
        let t = Foundation.tanh(data)
        let out = Scalar(t, children: [self], op: "tanh")
        out.backwardStep = { [unowned out, unowned self] in self.grad += (1 - t * t) * out.grad }
        return out
    }

    func backward() {
        var topo: [Scalar] = []
        var visited: Set<ObjectIdentifier> = []
        func build(_ v: Scalar) {
            guard visited.insert(ObjectIdentifier(v)).inserted else { return }
            for child in v.children { build(child) }
            topo.append(v)
        }
        build(self)
        grad = 1
        for v in topo.reversed() { v.backwardStep() }
    }
}
