import DotExport
@testable import Plots
import Testing

/// Plots must draw any numbers training can produce without trapping.
@Suite struct PlotsTests {
    @Test(arguments: [
        (1e19, "1e+19"), (-1e19, "-1e+19"), (Double.infinity, "inf"), (Double.nan, "nan"), (42, "42"), (-3, "-3"),
    ])
    func integerTextNeverTraps(_ value: Double, _ expected: String) {
        #expect(integerText(value) == expected)
    }

    @Test func tickLabelsOfHugeAndTinyValues() {
        #expect(tickLabel(1e19, step: 1e18) == "1e+19")
        #expect(tickLabel(0, step: 1e-20) == "0.0")
        #expect(tickLabel(2.5, step: 0.5) == "2.5")
        #expect(floorLog10(.infinity) == 0)
        #expect(niceTicks(-1e308, 1e308) == [-1e308, 1e308])
    }

    @Test func trainingPlotOfLossesPastIntMax() {
        let dot = TrainingPlot.dot(
            losses: [1e19, 3e20, .infinity, .nan, 5e-324, 1.7e308], accuracies: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
            title: "t")
        #expect(dot.contains("1e+19"))
        #expect(dot.hasSuffix("}\n"))
    }

    @Test func boundaryPlotOfHugeRanges() {
        let dot = BoundaryPlot.dot(
            scores: [[1, -1], [-1, 1]], xRange: -1e20...1e20, yRange: -1e19...1e19,
            points: [(x: 1e19, y: 0, target: 1)], title: "b")
        #expect(dot.contains("1e+19") || dot.contains("1e+20"))
    }

    @Test func canvasTextEscapesBracketBackslashAndNonCharacters() {
        #expect(DotText.html("a]b\\N<&\u{FFFE}\u{FFFF}\u{1B}") == "a&#93;b\\\\N&lt;&amp;\u{FFFD}\u{FFFD}\u{FFFD}")
        let dot = TrainingPlot.dot(losses: [1, 0.5], accuracies: [0.5, 1], title: "a]b\\N")
        #expect(dot.contains("a&#93;b\\\\N"))
    }

    /// Titles and axis labels near the canvas edge are not clipped, and a curve's segments
    /// meet (an edge drawn to its anchor's centre, not to its border): no dashed look.
    @Test func plotsHaveAMarginAndUnbrokenCurves() {
        let dot = TrainingPlot.dot(losses: [1, 0.5, 0.25], accuracies: [0.5, 0.75, 1], title: "t")
        #expect(dot.contains("pad=0.3"))
        #expect(dot.contains("headclip=false, tailclip=false"))
    }
}
