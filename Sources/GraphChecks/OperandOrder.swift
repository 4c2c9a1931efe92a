public import GraphModel

/// The operand order of `-`, `/` and `a ** b` when the file does not fix it: engines that keep
/// operands in a set (micrograd's `_prev`) write them in set-iteration order, which changes
/// from run to run, and DOT edges carry no slot.
///
/// The node's own numbers decide: the order whose forward step gives the printed value, and
/// where both orders give it (equal operands, a zero), the order under which the gradients
/// check out, so that an unknown order never causes a mismatch and a real bug is blamed on the
/// right operand.
public enum OperandOrder {
    /// Reorders order-sensitive operations in place; returns how many were swapped.
    @discardableResult
    public static func resolve(_ snapshot: inout GraphSnapshot, printed: PrintedPrecision? = nil) -> Int {
        var swapped = 0
        var ambiguous: [Int] = []
        for node in snapshot.nodes {
            guard let operation = node.operation, operation.isOrderSensitive, node.operands.count == 2,
                node.operands[0] != node.operands[1]
            else { continue }
            let asWritten = fits(node, in: snapshot, printed: printed, swapped: false)
            let reversed = fits(node, in: snapshot, printed: printed, swapped: true)
            if !asWritten && reversed {
                snapshot.nodes[node.id].operands.swapAt(0, 1)
                swapped += 1
            } else if asWritten && reversed {
                ambiguous.append(node.id)
            }
        }
        // Where the values cannot tell, the gradients can: keep the order with fewer mismatches.
        guard !ambiguous.isEmpty else { return swapped }
        var mismatches = Verification(snapshot: snapshot, printed: printed).mismatches.count
        guard mismatches > 0 else { return swapped }
        for id in ambiguous.prefix(64) {
            snapshot.nodes[id].operands.swapAt(0, 1)
            let trial = Verification(snapshot: snapshot, printed: printed).mismatches.count
            if trial < mismatches {
                mismatches = trial
                swapped += 1
                if mismatches == 0 { break }
            } else {
                snapshot.nodes[id].operands.swapAt(0, 1)
            }
        }
        return swapped
    }

    /// The sentence for the user when operands were reordered.
    public static func note(swapped: Int) -> String {
        "\(swapped) operation\(swapped == 1 ? "'s" : "s'") operands (- / **) were taken in the order their numbers fit; the file does not fix the order (a set-based engine lists them in set order)"
    }

    /// Whether the node's printed value is its operation applied to its operands in this order,
    /// within what printing them can explain.
    static func fits(
        _ node: GraphSnapshot.Node, in snapshot: GraphSnapshot, printed: PrintedPrecision?, swapped: Bool
    )
        -> Bool
    {
        guard let operation = node.operation else { return true }
        var (x, y) = (node.operands[0], node.operands[1])
        if swapped { swap(&x, &y) }
        let a = snapshot.nodes[x].data
        let b = snapshot.nodes[y].data
        let exponent = node.exponent ?? 0
        let expected = operation.forward(a, b, exponent: exponent)
        let uncertainty: [Double] = printed.map { [$0.data[x], $0.data[y]] } ?? [0, 0]
        let tolerance =
            (printed?.data[node.id] ?? 0)
            + Verification.spread(center: [a, b], uncertainty: uncertainty) {
                operation.forward($0[0], $0[1], exponent: exponent)
            }
        return !Verification.differs(expected, node.data, by: tolerance)
    }
}
