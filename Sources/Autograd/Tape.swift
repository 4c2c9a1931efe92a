public import GraphModel

/// The arena that holds every value of one expression graph, in creation order.
///
/// Nodes live in one contiguous buffer of small fixed-size records (data, grad, operation,
/// operand indices), not as an object per value: building a node is an append, backward is one
/// loop over the buffer, and releasing a graph of any depth is one `free`. Because an operand
/// always exists before the node that uses it, creation order is already a topological order,
/// so no sort (and no recursion) is ever needed.
///
/// The `Int32` index methods (`leaf`, `apply`) are the fast path used by libraries that build
/// large graphs in loops; most code uses ``Value``, which wraps an index and its tape.
public final class Tape {
    /// One value's record. 40 bytes.
    @usableFromInline
    struct Node {
        @usableFromInline var data: Double
        @usableFromInline var grad: Double
        /// Exponent of a `power` node; 0 otherwise.
        @usableFromInline var exponent: Double
        @usableFromInline var lhs: Int32
        @usableFromInline var rhs: Int32
        @usableFromInline var operation: Operator?

        @inlinable
        init(data: Double, exponent: Double, lhs: Int32, rhs: Int32, operation: Operator?) {
            self.data = data
            self.grad = 0
            self.exponent = exponent
            self.lhs = lhs
            self.rhs = rhs
            self.operation = operation
        }
    }

    /// Buffer bookkeeping, kept behind a pointer so the hot paths pay no exclusivity checks.
    @usableFromInline
    struct Storage {
        @usableFromInline var nodes: UnsafeMutablePointer<Node>
        @usableFromInline var count: Int
        @usableFromInline var capacity: Int
    }

    @usableFromInline let storage: UnsafeMutablePointer<Storage>
    /// Names of labelled nodes. Sparse: most nodes of a big graph have none.
    var labels: [Int32: String] = [:]

    /// Creates an empty tape with room for `capacity` nodes before it first grows.
    public init(capacity: Int = 1024) {
        let capacity = max(capacity, 16)
        storage = .allocate(capacity: 1)
        storage.initialize(to: Storage(nodes: .allocate(capacity: capacity), count: 0, capacity: capacity))
    }

    deinit {
        storage.pointee.nodes.deallocate()
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// Number of nodes ever created on this tape.
    public var count: Int { storage.pointee.count }

    /// Forgets every node, keeping the buffer for reuse (a training loop rebuilds its graph
    /// each step without reallocating). Values made before the reset must not be used after it.
    public func removeAll() {
        storage.pointee.count = 0
        labels.removeAll(keepingCapacity: true)
    }

    // MARK: - Building

    @inlinable
    func append(_ node: Node) -> Int32 {
        let state = storage
        let index = state.pointee.count
        if index == state.pointee.capacity { grow() }
        (state.pointee.nodes + index).initialize(to: node)
        state.pointee.count = index + 1
        return Int32(truncatingIfNeeded: index)
    }

    @usableFromInline
    func grow() {
        let old = storage.pointee
        precondition(old.capacity < Int(Int32.max), "a tape holds at most \(Int32.max) nodes")
        let capacity = min(old.capacity * 2, Int(Int32.max))
        let nodes = UnsafeMutablePointer<Node>.allocate(capacity: capacity)
        nodes.moveInitialize(from: old.nodes, count: old.count)
        old.nodes.deallocate()
        storage.pointee.nodes = nodes
        storage.pointee.capacity = capacity
    }

    /// Adds a leaf (an input or a constant) and returns its index.
    @inlinable
    public func leaf(_ data: Double) -> Int32 {
        append(Node(data: data, exponent: 0, lhs: -1, rhs: -1, operation: nil))
    }

    /// Adds the result of a binary operation (`add`, `subtract`, `multiply`, `divide`) and
    /// returns its index. Its data is computed now, as in micrograd.
    @inlinable
    public func apply(_ operation: Operator, _ lhs: Int32, _ rhs: Int32) -> Int32 {
        let nodes = storage.pointee.nodes
        let a = nodes[Int(lhs)].data
        let b = nodes[Int(rhs)].data
        let data: Double
        switch operation {
        case .add: data = a + b
        case .subtract: data = a - b
        case .multiply: data = a * b
        case .divide: data = a / b
        default: preconditionFailure("\(operation) is not a binary operation")
        }
        return append(Node(data: data, exponent: 0, lhs: lhs, rhs: rhs, operation: operation))
    }

    /// Adds the result of a unary operation and returns its index; `exponent` is used by
    /// `power` only.
    @inlinable
    public func apply(_ operation: Operator, _ operand: Int32, exponent: Double = 0) -> Int32 {
        let x = storage.pointee.nodes[Int(operand)].data
        let data = operation.unaryForward(x, exponent: exponent)
        return append(Node(data: data, exponent: exponent, lhs: operand, rhs: -1, operation: operation))
    }

    // MARK: - Reading and writing values

    @inlinable
    func checked(_ index: Int32) -> Int {
        let position = Int(index)
        precondition(position >= 0 && position < storage.pointee.count, "node \(index) is not on this tape")
        return position
    }

    /// The value of a node.
    @inlinable
    public func data(_ index: Int32) -> Double { storage.pointee.nodes[checked(index)].data }

    /// Sets a node's value (a leaf's input, or a parameter after an update step).
    @inlinable
    public func setData(_ index: Int32, _ value: Double) { storage.pointee.nodes[checked(index)].data = value }

    /// The gradient of the last backward pass's root with respect to a node.
    @inlinable
    public func grad(_ index: Int32) -> Double { storage.pointee.nodes[checked(index)].grad }

    @inlinable
    public func setGrad(_ index: Int32, _ value: Double) { storage.pointee.nodes[checked(index)].grad = value }

    /// The operation that made a node, or `nil` for a leaf.
    public func operation(_ index: Int32) -> Operator? { storage.pointee.nodes[checked(index)].operation }

    /// The operand indices of a node, in slot order (`a + a` gives `[a, a]`).
    public func operands(_ index: Int32) -> [Int32] {
        let node = storage.pointee.nodes[checked(index)]
        switch node.operation {
        case nil: return []
        case let operation? where operation.arity == 2: return [node.lhs, node.rhs]
        default: return [node.lhs]
        }
    }

    /// The constant exponent of a `power` node, `nil` for every other node.
    public func exponent(_ index: Int32) -> Double? {
        let node = storage.pointee.nodes[checked(index)]
        return node.operation == .power ? node.exponent : nil
    }

    public func label(_ index: Int32) -> String? { labels[Int32(checked(index))] }

    public func setLabel(_ index: Int32, _ label: String?) { labels[Int32(checked(index))] = label }
}
