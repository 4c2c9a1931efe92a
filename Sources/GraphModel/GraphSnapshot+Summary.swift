// MARK: - Summaries of graphs too big to draw whole

/// A smaller picture of a big graph: the part that matters kept whole, everything it reads
/// from outside that part folded into one node per entry point.
public struct GraphSummary: Sendable {
    /// The graph to draw.
    public var snapshot: GraphSnapshot
    /// Each original node's id in `snapshot`, or -1 when it was folded away.
    public var newID: [Int]
    /// One sentence saying what is shown and what was folded.
    public var note: String
}

extension GraphSnapshot {
    /// A summary of the graph around `focus` (such as the nodes `verify` found wrong), or,
    /// with no focus, around the root; `nil` when the graph has at most `maximumNodes` nodes.
    ///
    /// Kept: every focus node (up to `maximumFocus` of them) with the shortest path from it to
    /// the root, or with no focus the nodes nearest the root (breadth first over operands) up
    /// to half of `maximumNodes`. Then one hop of context: each operand of a kept node is
    /// drawn too; one that has operands of its own is folded (it shows its data, grad and how
    /// many nodes it stands for).
    public func summary(
        around focus: [Int], maximumNodes: Int, maximumFocus: Int = 20, originalCount: Int? = nil
    ) -> GraphSummary? {
        guard nodes.count > maximumNodes, nodes.indices.contains(root) else { return nil }
        let maximumFan = 8
        let shownFocus = Array(focus.filter { nodes.indices.contains($0) }.prefix(maximumFocus))
        let kept =
            shownFocus.isEmpty
            ? nodesNearestRoot(maximumNodes: maximumNodes, maximumFan: maximumFan)
            : pathsToRoot(from: shownFocus)
        let keptCount = kept.reduce(0) { $0 + ($1 ? 1 : 0) }
        let (context, groupedTerms) = contextNodes(around: kept, maximumFan: maximumFan)
        let (result, newID) = renumbered(kept: kept, context: context, groupedTerms: groupedTerms)
        let total = originalCount ?? nodes.count
        let hidden = total - result.count
        let what =
            shownFocus.isEmpty
            ? (keptCount == 1 ? "only the root" : "the \(keptCount) nodes nearest the root")
            : "\(shownFocus.count == focus.count ? "every" : "the first \(shownFocus.count) of \(focus.count)") flagged node\(shownFocus.count == 1 ? "" : "s") and the shortest path to the root"
        let note =
            "\(total) nodes are too many to draw: showing \(what), with one hop of context; \(hidden == 1 ? "1 node is" : "\(hidden) nodes are") folded into the violet ones (raise --max-nodes to see more)"
        return GraphSummary(snapshot: GraphSnapshot(nodes: result, root: newID[root]), newID: newID, note: note)
    }

    /// The graph ready to draw within `maximumNodes`: itself when small enough; else, with no
    /// focus, chains of additions drawn as one Σ (``collapsingSums()``) when that is enough;
    /// else a ``summary(around:maximumNodes:maximumFocus:originalCount:)``.
    public func fitted(maximumNodes: Int, focus: [Int] = []) -> GraphSummary? {
        guard nodes.count > maximumNodes else { return nil }
        // Chains of additions (a neuron's weighted sum, a loss summed over samples) become
        // one Σ each, the focus nodes excepted, before anything is folded.
        let (collapsed, collapsedID) = collapsingSums(keeping: Set(focus))
        guard
            var summary = collapsed.summary(
                around: focus.map { collapsedID[$0] }, maximumNodes: maximumNodes, originalCount: nodes.count)
        else {
            return GraphSummary(
                snapshot: collapsed, newID: collapsedID,
                note:
                    "\(nodes.count) nodes are too many to draw: each chain of additions is drawn as one Σ (\(collapsed.nodes.count) nodes; raise --max-nodes to see every one)"
            )
        }
        summary.newID = collapsedID.map { $0 >= 0 ? summary.newID[$0] : -1 }
        return summary
    }

    // MARK: - Steps of a summary

    /// The root and the nodes nearest it, breadth first over operands, each kept only while it
    /// and the operands it brings in as context still fit in `maximumNodes`.
    ///
    /// A long sum (a Σ of hundreds of terms) shows as many of its terms as fit, each counted as
    /// it is kept, and one node for the rest (room is kept for the few terms the context may
    /// show; the rest are grouped by ``contextNodes(around:maximumFan:)``); any other node
    /// brings in all its operands.
    func nodesNearestRoot(maximumNodes: Int, maximumFan: Int) -> [Bool] {
        var kept = [Bool](repeating: false, count: nodes.count)
        kept[root] = true
        var inPicture = [Bool](repeating: false, count: nodes.count)
        func isLongSum(_ id: Int) -> Bool {
            nodes[id].operation == .add && Set(nodes[id].operands).count > maximumFan
        }
        func cost(of id: Int) -> Int {
            isLongSum(id) ? maximumFan : Set(nodes[id].operands.filter { !inPicture[$0] }).count
        }
        func bringIn(_ id: Int) -> Int {
            if isLongSum(id) { return maximumFan }
            var added = 0
            for next in nodes[id].operands where !inPicture[next] {
                inPicture[next] = true
                added += 1
            }
            return added
        }
        inPicture[root] = true
        var pictured = 1 + bringIn(root)
        var queue = [root]
        var head = 0
        while head < queue.count {
            let id = queue[head]
            head += 1
            let longSum = isLongSum(id)
            for operand in nodes[id].operands where !kept[operand] {
                let added = (inPicture[operand] ? 0 : 1) + cost(of: operand)
                guard pictured + added <= maximumNodes else {
                    if longSum { break }  // the rest of its terms are grouped by contextNodes
                    continue
                }
                kept[operand] = true
                if !inPicture[operand] {
                    inPicture[operand] = true
                    pictured += 1
                }
                pictured += bringIn(operand)
                queue.append(operand)
            }
        }
        return kept
    }

    /// The root, and every focus node with the shortest path from it to the root.
    func pathsToRoot(from focus: [Int]) -> [Bool] {
        var kept = [Bool](repeating: false, count: nodes.count)
        kept[root] = true
        let users = userLists()
        for source in focus {
            for id in shortestPath(from: source, users: users) { kept[id] = true }
        }
        return kept
    }

    /// One hop of context around the kept nodes: their operands outside the kept part.
    ///
    /// A sum with a long fan of operands outside shows the first few; the others are grouped,
    /// by sum, to become one folded term.
    func contextNodes(around kept: [Bool], maximumFan: Int) -> (context: [Bool], groupedTerms: [Int: [Int]]) {
        var context = [Bool](repeating: false, count: nodes.count)
        var groupedTerms: [Int: [Int]] = [:]
        for node in nodes where kept[node.id] {
            let outside = node.operands.filter { !kept[$0] }
            let room = max(0, maximumFan - 1 - (node.operands.count - outside.count))
            if node.operation == .add && outside.count > room + 1 {
                for operand in outside.prefix(room) { context[operand] = true }
                groupedTerms[node.id] = Array(outside.dropFirst(room))
            } else {
                for operand in outside { context[operand] = true }
            }
        }
        return (context, groupedTerms)
    }

    /// The kept and context nodes renumbered in order: kept nodes whole (a sum's grouped terms
    /// as one folded node before it), context nodes with operands folded into one node that
    /// shows their data, grad and how many nodes it stands for.
    ///
    /// Also each node's new id (-1: folded away).
    func renumbered(kept: [Bool], context: [Bool], groupedTerms: [Int: [Int]]) -> (nodes: [Node], newID: [Int]) {
        var newID = [Int](repeating: -1, count: nodes.count)
        var result: [Node] = []
        for node in nodes where kept[node.id] || context[node.id] {
            var copy = node
            if kept[node.id] {
                var grouped = -1
                if let terms = groupedTerms[node.id] {
                    let distinct = Set(terms)
                    grouped = result.count
                    result.append(
                        Node(
                            id: grouped, label: "\(terms.count) more terms",
                            data: terms.reduce(0) { $0 + nodes[$1].data },
                            grad: node.grad, foldedCount: distinct.reduce(0) { $0 + coneSize(of: $1) }))
                }
                var operands: [Int] = []
                var groupedPlaced = false
                for operand in node.operands {
                    if newID[operand] >= 0 {
                        operands.append(newID[operand])
                    } else if grouped >= 0 && !groupedPlaced {
                        operands.append(grouped)
                        groupedPlaced = true
                    }
                }
                copy.operands = operands
            } else if !node.operands.isEmpty {
                copy.operation = nil
                copy.exponent = nil
                copy.operands = []
                copy.foldedCount = coneSize(of: node.id)
            }
            copy.id = result.count
            newID[node.id] = copy.id
            result.append(copy)
        }
        return (result, newID)
    }

    /// For each node, the nodes that use it, in order.
    func userLists() -> [[Int]] {
        var users = [[Int]](repeating: [], count: nodes.count)
        for node in nodes {
            for operand in node.operands where users[operand].last != node.id { users[operand].append(node.id) }
        }
        return users
    }

    /// The nodes on a shortest path from `source` to the root (breadth first over users), or
    /// just `source` when the root does not depend on it.
    func shortestPath(from source: Int, users: [[Int]]) -> [Int] {
        var previous = [Int](repeating: -2, count: nodes.count)
        previous[source] = -1
        var queue = [source]
        var head = 0
        while head < queue.count {
            let id = queue[head]
            head += 1
            if id == root {
                var path: [Int] = []
                var step = id
                while step >= 0 {
                    path.append(step)
                    step = previous[step]
                }
                return path
            }
            for user in users[id] where previous[user] == -2 {
                previous[user] = id
                queue.append(user)
            }
        }
        return [source]
    }

    /// How many nodes `id` was computed from, itself included.
    func coneSize(of id: Int) -> Int {
        var seen: Set<Int> = [id]
        var stack = [id]
        while let next = stack.popLast() {
            for operand in nodes[next].operands where seen.insert(operand).inserted { stack.append(operand) }
        }
        return seen.count
    }
}
