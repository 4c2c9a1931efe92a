/// A small, fast random number generator with a seed (SplitMix64), so every run with the same
/// seed makes the same weights and data on every machine.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// SplitMix64's increment (the golden ratio in 64 bits).
    public static let increment: UInt64 = 0x9e37_79b9_7f4a_7c15

    public mutating func next() -> UInt64 {
        state &+= Self.increment
        return Self.mix(state)
    }

    /// SplitMix64's output function: scrambles 64 bits so nearby inputs give unrelated
    /// outputs (also used on its own to hash a name and a seed into a value).
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A whole number in `0..<count`, from the generator's next output.
    public mutating func pick(_ count: Int) -> Int { Int(next() % UInt64(count)) }

    /// Uniform in `[low, high)`, from the top 53 bits (the same on every platform).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        let unit = Double(next() >> 11) * 0x1p-53
        return low + (high - low) * unit
    }

    /// Standard normal, by the Box–Muller transform.
    public mutating func gaussian() -> Double {
        let u1 = 1 - uniform(0, 1)  // (0, 1], so the log is finite
        let u2 = uniform(0, 1)
        return (-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2)
    }
}
