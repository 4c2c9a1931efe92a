public import GraphModel

/// A scalar in an expression graph: its data, its gradient, and how it was made.
///
/// A `Value` is a small handle (a tape and an index), so copying one is free and `a + a`
/// refers to the same node twice. Every value made from another lives on the same ``Tape``;
/// the tape, and so the whole graph, stays alive while any of its values does.
///
/// ```swift
/// let tape = Tape()
/// let a = Value(-4, label: "a", on: tape)
/// let b = Value(3, label: "b", on: tape)
/// let c = (a * b + b ** 3).relu()
/// c.backward()   // a.grad == 3, b.grad == 23
/// ```
public struct Value {
    public let tape: Tape
    /// The node's index on its tape: stable, in creation order.
    public let id: Int32

    /// Wraps an existing node of `tape`.
    @inlinable
    public init(id: Int32, on tape: Tape) {
        self.tape = tape
        self.id = id
    }

    /// Creates a leaf: an input or a parameter.
    public init(_ data: Double, label: String? = nil, on tape: Tape) {
        self.init(id: tape.leaf(data), on: tape)
        if let label { tape.setLabel(id, label) }
    }

    public var data: Double {
        get { tape.data(id) }
        nonmutating set { tape.setData(id, newValue) }
    }

    public var grad: Double {
        get { tape.grad(id) }
        nonmutating set { tape.setGrad(id, newValue) }
    }

    public var label: String? {
        get { tape.label(id) }
        nonmutating set { tape.setLabel(id, newValue) }
    }

    /// The operation that made this value, or `nil` for a leaf.
    public var operation: Operator? { tape.operation(id) }

    /// The values this one was made from, in slot order (`a + a` has `a` twice).
    public var operands: [Value] { tape.operands(id).map { Value(id: $0, on: tape) } }

    /// The constant exponent when this value is a power.
    public var exponent: Double? { tape.exponent(id) }

    /// Backpropagates from this value (see ``Tape/backward(from:)``).
    public func backward() { tape.backward(from: id) }

    /// This value and everything it depends on, operands before results.
    public func topologicalOrder() -> [Value] {
        tape.topologicalOrder(from: id).map { Value(id: $0, on: tape) }
    }

    /// Sets the gradient of this value and everything it depends on to zero.
    public func zeroGrad() {
        for index in tape.topologicalOrder(from: id) { tape.setGrad(index, 0) }
    }

    /// A snapshot of this value's graph for drawing or export.
    public func snapshot() -> GraphSnapshot { tape.snapshot(from: id) }
}

extension Value: CustomStringConvertible {
    public var description: String {
        "Value(data=\(NumberFormat.exact(data)), grad=\(NumberFormat.exact(grad)))"
    }
}
