public import GraphModel

/// The catalogue of wrong rules: the mistakes people make when they write an autograd engine,
/// each one re-enactable on any graph, so an engine's wrong numbers can be matched against
/// them and the mistake named ("your numbers are exactly those of …").
///
/// One catalogue, one home: `verify` (a graph another engine drew) and `test-engine` (programs
/// run in the user's engine) both match against it. The entries come from the write-ups gradviz
/// grew out of and from real bugs in public micrograd ports.
public enum WrongRule: String, CaseIterable, Sendable {
    /// `grad = …` instead of `grad += …` in every backward step.
    case overwrite
    /// Backward by recursion into operands (left first), with no topological order and no
    /// visited set: a node's rule runs once per path to it.
    case recursive
    /// The same recursion visiting the right operand first.
    case recursiveRightFirst = "recursive-right-first"
    /// The same recursion into each value's distinct operands, kept in a set (micrograd's
    /// `_prev`) and visited in the set's order, whatever it is: `a + a` recurses into `a` once.
    case recursiveSet = "recursive-set"
    /// `-`'s backward sends `+out.grad` to its right operand.
    case subtractionSign = "sub-sign"
    /// `a - b` computes `b - a` (a Go port's Subtract), its backward consistent with that.
    case subtractionSwapped = "sub-swapped"
    /// tanh's backward uses `(1 - o)` instead of `(1 - o²)`.
    case tanhOneMinusOutput = "tanh-one-minus-o"
    /// `*`'s backward forgets the `out.grad` factor (`a.grad += b.data`).
    case missingOutGrad = "missing-out-grad"
    /// relu's backward passes `out.grad` through where its input was ≤ 0.
    case reluLeak = "relu-leak"
    /// A value exponent's gradient `x·x^y` instead of `ln(x)·x^y`.
    case powerExponentGrad = "powv-exponent"
    /// `/`'s backward sends `out.grad / b` to the divisor instead of `-a·out.grad / b²`.
    case divisionDivisorGrad = "div-divisor"

    /// The operation the rule is about, `nil` for rules of the backward pass as a whole.
    public var operation: Operator? {
        switch self {
        case .overwrite, .recursive, .recursiveRightFirst, .recursiveSet: nil
        case .subtractionSign, .subtractionSwapped: .subtract
        case .tanhOneMinusOutput: .tanh
        case .missingOutGrad: .multiply
        case .reluLeak: .relu
        case .powerExponentGrad: .powerOfValue
        case .divisionDivisorGrad: .divide
        }
    }

    /// The sentence that names the mistake, completing "your numbers are exactly those of …".
    public var explanation: String {
        switch self {
        case .overwrite:
            "a backward pass that assigns gradients (grad = …) instead of adding them (grad += …): a value used twice keeps only its last contribution"
        case .recursive:
            "a backward pass that recurses into operands (left first) without a topological order, so a shared node sends its gradient once per path"
        case .recursiveRightFirst:
            "a backward pass that recurses into operands (right first) without a topological order, so a shared node sends its gradient once per path"
        case .recursiveSet:
            "a backward pass that recurses into each value's operands kept in a set (in the set's order, so the numbers can change from run to run) without a topological order, so a shared node sends its gradient once per path"
        case .subtractionSign: "a '-' whose backward sends +out.grad to its right operand instead of -out.grad"
        case .subtractionSwapped: "a '-' that computes b - a instead of a - b"
        case .tanhOneMinusOutput: "a tanh whose backward uses (1 - t) instead of (1 - t²)"
        case .missingOutGrad:
            "a '*' whose backward forgets the out.grad factor (a.grad += b.data instead of b.data * out.grad)"
        case .reluLeak: "a relu whose backward passes out.grad through where its input was ≤ 0"
        case .powerExponentGrad: "a power a**b whose exponent gradient is a·a^b instead of ln(a)·a^b"
        case .divisionDivisorGrad: "a '/' whose backward sends out.grad / b to the divisor instead of -a·out.grad / b²"
        }
    }

    /// The data and grads the graph's structure gives from its leaves' data under this rule
    /// (and, with `alongside`, a second one of an operation: two mistakes at once).
    public func reenact(
        _ snapshot: GraphSnapshot, alongside other: WrongRule? = nil, leafData: [Double]? = nil
    ) -> (data: [Double], grads: [Double]) {
        var data = leafData ?? snapshot.nodes.map(\.data)
        let forwardRule = other == .subtractionSwapped ? other : self
        for node in snapshot.nodes {
            guard let operation = node.operation else { continue }
            if node.operands.count == 2 {
                data[node.id] = Self.forward(
                    forwardRule, operation, data[node.operands[0]], data[node.operands[1]],
                    exponent: node.exponent ?? 0)
            } else {
                data[node.id] = snapshot.forwardValue(of: node, data: data)
            }
        }
        return (data, BackwardRun(snapshot: snapshot, data: data, rule: self, alongside: other).grads)
    }

    /// What one backward step sends under two rules at once (either may be `nil`).
    ///
    /// Two rules of one operation are one forward mistake (`sub-swapped`) and one backward
    /// mistake: the backward step is the backward rule's, as in ishandhanani/micrograd-go's
    /// Subtract (`b - a` forward, `+out.grad` to both operands).
    public static func contributions(
        _ rule: WrongRule?, alongside other: WrongRule?, _ operation: Operator, _ a: Double, _ b: Double,
        output: Double, exponent: Double, grad g: Double
    ) -> (Double, Double) {
        var chosen = rule?.operation == operation ? rule : nil
        if let other, other.operation == operation {
            chosen = chosen == nil || chosen == .subtractionSwapped ? other : chosen
        }
        return contributions(chosen, operation, a, b, output: output, exponent: exponent, grad: g)
    }

    /// What one backward step sends to its two operands under this rule (`nil`: the right
    /// rule), for every rule that changes a step's arithmetic (the others change which steps
    /// run, or how amounts are added).
    public static func contributions(
        _ rule: WrongRule?, _ operation: Operator, _ a: Double, _ b: Double, output: Double, exponent: Double,
        grad g: Double
    ) -> (Double, Double) {
        var (first, second) = operation.contributions(a, b, output: output, exponent: exponent, grad: g)
        guard let rule, rule.operation == operation else { return (first, second) }
        switch rule {
        case .subtractionSign: second = g
        case .subtractionSwapped: (first, second) = (-g, g)
        case .tanhOneMinusOutput: first = (1 - output) * g
        case .missingOutGrad: (first, second) = (b, a)
        case .reluLeak: first = g
        case .powerExponentGrad: second = a * output * g
        case .divisionDivisorGrad: second = g / b
        case .overwrite, .recursive, .recursiveRightFirst, .recursiveSet: break
        }
        return (first, second)
    }

    /// The value an operation makes under this rule (only `sub-swapped` changes a forward step).
    public static func forward(
        _ rule: WrongRule?, _ operation: Operator, _ a: Double, _ b: Double, exponent: Double
    )
        -> Double
    {
        rule == .subtractionSwapped && operation == .subtract ? b - a : operation.forward(a, b, exponent: exponent)
    }
}
