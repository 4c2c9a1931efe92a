/// Ordering a graph whose nodes came in any order.
enum Topology {
    /// Node positions with every operand before its users (Kahn's algorithm, a first-in-
    /// first-out queue seeded in file order: deterministic and linear), or the position of a
    /// node on a cycle.
    static func order(operands: [[Int]]) -> Result<[Int], CycleFound> {
        var users = [[Int]](repeating: [], count: operands.count)
        var waiting = [Int](repeating: 0, count: operands.count)
        for (index, list) in operands.enumerated() {
            for operand in list {
                users[operand].append(index)
                waiting[index] += 1
            }
        }
        var order = (0..<operands.count).filter { waiting[$0] == 0 }
        order.reserveCapacity(operands.count)
        var head = 0
        while head < order.count {
            let next = order[head]
            head += 1
            for user in users[next] {
                waiting[user] -= 1
                if waiting[user] == 0 { order.append(user) }
            }
        }
        if order.count < operands.count, let stuck = waiting.firstIndex(where: { $0 > 0 }) {
            return .failure(CycleFound(position: stuck))
        }
        return .success(order)
    }

    struct CycleFound: Error { var position: Int }
}
