public import GraphModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// One value's record: 32 bytes.
    @usableFromInline
    struct Node {
        @usableFromInline var data: Double
        @usableFromInline var grad: Double
        /// First operand, or -1 for a leaf.
        @usableFromInline var lhs: Int32
        /// Second operand of a binary operator; for `power`, the index of its exponent in
        /// `Storage.exponents`; -1 otherwise.
        @usableFromInline var rhs: Int32
        @usableFromInline var operation: Operator?
        /// Scratch mark for the backward pass (in the record's padding, so it costs no memory):
        /// equal to the pass's mark on nodes the root depends on.
        ///
        /// Each pass uses a new mark, so no pass has to clear the marks of the one before.
        @usableFromInline var reachMark: UInt8

        @inlinable
        init(data: Double, lhs: Int32, rhs: Int32, operation: Operator?) {
            self.data = data
            self.grad = 0
            self.lhs = lhs
            self.rhs = rhs
            self.operation = operation
            self.reachMark = 0
        }
    }

    /// Buffer bookkeeping, kept behind a pointer so the hot paths pay no exclusivity checks.
    @usableFromInline
    struct Storage {
        @usableFromInline var nodes: UnsafeMutablePointer<Node>
        @usableFromInline var count: Int
        @usableFromInline var capacity: Int
        /// Exponents of `power` nodes with the node each belongs to, in creation order (rare,
        /// so they live here rather than in every node).
        @usableFromInline var exponents: [(node: Int32, value: Double)]
        /// The mark the last backward pass used (0: none yet; see `Node.reachMark`).
        @usableFromInline var reachMark: UInt8 = 0
    }

    @usableFromInline let storage: UnsafeMutablePointer<Storage>
    /// Names of labelled nodes.
    ///
    /// Sparse: most nodes of a big graph have none.
    var labels: [Int32: String] = [:]
    /// Network places of runs of nodes, in creation order (a neuron's nodes are contiguous).
    var places: [(start: Int32, end: Int32, place: NodePlace)] = []

    /// Creates an empty tape with room for `capacity` nodes before it first grows.
    public init(capacity: Int = 1024) {
        let capacity = max(capacity, 16)
        storage = .allocate(capacity: 1)
        guard let raw = malloc(capacity * MemoryLayout<Node>.stride) else {
            preconditionFailure("out of memory creating a tape")
        }
        storage.initialize(
            to: Storage(
                nodes: raw.bindMemory(to: Node.self, capacity: capacity), count: 0, capacity: capacity, exponents: []))
    }

    deinit {
        free(storage.pointee.nodes)
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// Number of nodes ever created on this tape.
    public var count: Int { storage.pointee.count }

    /// Forgets every node, keeping the buffer for reuse (a training loop rebuilds its graph
    /// each step without reallocating).
    ///
    /// Values made before the reset must not be used after it.
    public func removeAll() {
        truncate(to: 0)
    }

    /// Forgets every node from index `count` on, keeping those before it (a network's
    /// parameters stay while each training step rebuilds the rest of the graph).
    ///
    /// Values of the forgotten nodes must not be used after it.
    public func truncate(to count: Int) {
        precondition(count >= 0 && count <= self.count, "cannot truncate a tape of \(self.count) nodes to \(count)")
        storage.pointee.count = count
        while let last = storage.pointee.exponents.last, Int(last.node) >= count {
            storage.pointee.exponents.removeLast()
        }
        if labels.keys.contains(where: { Int($0) >= count }) {
            labels = labels.filter { Int($0.key) < count }
        }
        while let last = places.last, Int(last.start) >= count { places.removeLast() }
        if let last = places.last, Int(last.end) > count { places[places.count - 1].end = Int32(count) }
    }

    /// Runs `body` and then frees every node it made, keeping the nodes made before (a
    /// model's parameters, say): a training step reads naturally and its graph never piles up.
    ///
    /// ```swift
    /// for step in 0..<100 {
    ///     tape.scope {
    ///         let loss = ((w * x + b) - y) ** 2
    ///         w.grad = 0; b.grad = 0
    ///         loss.backward()
    ///         w.data -= 0.1 * w.grad; b.data -= 0.1 * b.grad
    ///     }
    /// }
    /// ```
    /// Values made inside must not be used after it returns.
    public func scope<Result>(_ body: () throws -> Result) rethrows -> Result {
        let mark = count
        defer { truncate(to: mark) }
        return try body()
    }

    /// Records that the nodes `start..<end` were built by the network part `place`.
    ///
    /// Runs must be recorded in creation order and must not overlap.
    public func setPlace(_ place: NodePlace, for range: Range<Int32>) {
        precondition(
            places.last.map { $0.end <= range.lowerBound } ?? true, "places must be recorded in creation order")
        guard !range.isEmpty else { return }
        places.append((range.lowerBound, range.upperBound, place))
    }

    /// The network place of a node, if one was recorded.
    public func place(_ index: Int32) -> NodePlace? {
        var low = 0
        var high = places.count
        while low < high {
            let middle = (low + high) / 2
            if places[middle].end <= index { low = middle + 1 } else { high = middle }
        }
        guard low < places.count, places[low].start <= index else { return nil }
        return places[low].place
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
        // Nodes are plain bytes, so `realloc` may move them, and for large buffers glibc
        // remaps pages instead of copying them.
        guard let raw = realloc(UnsafeMutableRawPointer(old.nodes), capacity * MemoryLayout<Node>.stride) else {
            preconditionFailure("out of memory growing a tape to \(capacity) nodes")
        }
        storage.pointee.nodes = raw.bindMemory(to: Node.self, capacity: capacity)
        storage.pointee.capacity = capacity
        adviseHugePages(raw, bytes: capacity * MemoryLayout<Node>.stride)
    }

    /// Asks Linux to back a large buffer with 2 MiB pages: a million-node graph then takes
    /// about 60 page faults instead of 8,000.
    private func adviseHugePages(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        let hugePage = 2 << 20
        guard bytes >= 2 * hugePage else { return }
        let start = (Int(bitPattern: pointer) + hugePage - 1) & ~(hugePage - 1)
        let end = (Int(bitPattern: pointer) + bytes) & ~(hugePage - 1)
        if end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) {
            _ = madvise(aligned, end - start, MADV_HUGEPAGE)
        }
        #endif
    }

    /// Adds a leaf (an input or a constant) and returns its index.
    @inlinable
    public func leaf(_ data: Double) -> Int32 {
        append(Node(data: data, lhs: -1, rhs: -1, operation: nil))
    }

    /// Adds the result of a binary operation (`add`, `subtract`, `multiply`, `divide`,
    /// `powerOfValue`) and returns its index.
    ///
    /// Its data is computed now, as in micrograd.
    @inlinable
    public func apply(_ operation: Operator, _ lhs: Int32, _ rhs: Int32) -> Int32 {
        let nodes = storage.pointee.nodes
        let a = nodes[Int(lhs)].data
        let b = nodes[Int(rhs)].data
        precondition(operation.arity == 2, "\(operation) is not a binary operation")
        // The forward step is `Operator.forward`, the one definition beside its derivative.
        let data = operation.forward(a, b, exponent: 0)
        return append(Node(data: data, lhs: lhs, rhs: rhs, operation: operation))
    }

    /// Adds the result of a unary operation and returns its index; `exponent` is used by
    /// `power` only.
    @inlinable
    public func apply(_ operation: Operator, _ operand: Int32, exponent: Double = 0) -> Int32 {
        let x = storage.pointee.nodes[Int(operand)].data
        let data = operation.unaryForward(x, exponent: exponent)
        var rhs: Int32 = -1
        if operation == .power {
            rhs = Int32(truncatingIfNeeded: storage.pointee.exponents.count)
            storage.pointee.exponents.append((Int32(truncatingIfNeeded: storage.pointee.count), exponent))
        }
        return append(Node(data: data, lhs: operand, rhs: rhs, operation: operation))
    }

    /// Appends a neuron's weighted sum in micrograd's order, `((b + w1*x1) + w2*x2) + …`: for
    /// each input a product node then a sum node, exactly the nodes `apply` would make one by
    /// one, built in one tight loop.
    ///
    /// Returns the last sum (or `bias` when there are no inputs).
    @inlinable
    public func appendWeightedSum(
        bias: Int32, weights: UnsafeBufferPointer<Int32>, inputs: UnsafeBufferPointer<Int32>
    ) -> Int32 {
        precondition(weights.count == inputs.count, "one weight per input")
        let needed = storage.pointee.count + 2 * weights.count
        while storage.pointee.capacity < needed { grow() }
        let nodes = storage.pointee.nodes
        var count = storage.pointee.count
        var sum = bias
        var sumData = nodes[Int(bias)].data
        for index in 0..<weights.count {
            let weight = weights[index]
            let input = inputs[index]
            let product = Operator.multiply.forward(nodes[Int(weight)].data, nodes[Int(input)].data, exponent: 0)
            (nodes + count).initialize(to: Node(data: product, lhs: weight, rhs: input, operation: .multiply))
            sumData = Operator.add.forward(sumData, product, exponent: 0)
            (nodes + count + 1).initialize(
                to: Node(data: sumData, lhs: sum, rhs: Int32(truncatingIfNeeded: count), operation: .add))
            sum = Int32(truncatingIfNeeded: count + 1)
            count += 2
        }
        storage.pointee.count = count
        return sum
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
        return node.operation == .power ? storage.pointee.exponents[Int(node.rhs)].value : nil
    }

    /// The exponent of a node known to be a `power`.
    @inlinable
    func exponent(of node: Node) -> Double { storage.pointee.exponents[Int(node.rhs)].value }

    public func label(_ index: Int32) -> String? { labels[Int32(checked(index))] }

    public func setLabel(_ index: Int32, _ label: String?) { labels[Int32(checked(index))] = label }
}
