import Testing

@testable import GraphModel

@Suite struct NumberFormatTests {
    /// Whole numbers as integers, anything else as `exact` writes it, and no value traps (the
    /// plots, the test-engine programs and the time-out messages all write numbers this way).
    @Test(arguments: [
        (42, "42"), (-3, "-3"), (0, "0"), (-0.0, "0"), (0.5, "0.5"), (-2.25, "-2.25"), (1e-05, "1e-05"),
        (999_999_999_999_999, "999999999999999"), (1e15, "1000000000000000.0"), (1e19, "1e+19"),
        (-1e19, "-1e+19"), (1e300, "1e+300"), (Double.greatestFiniteMagnitude, "1.7976931348623157e+308"),
        (Double.infinity, "inf"), (-Double.infinity, "-inf"), (Double.nan, "nan"), (-Double.nan, "nan"),
        (Double.signalingNaN, "nan"),
    ])
    func integerOrExactNeverTraps(_ value: Double, _ expected: String) {
        #expect(NumberFormat.integerOrExact(value) == expected)
    }
}
