import DotExport
import Testing

@testable import Plots

/// Plots must draw any numbers training can produce without trapping.
@Suite struct PlotsTests {
    @Test func tickLabelsOfHugeAndTinyValues() {
        #expect(tickLabel(1e19, step: 1e18) == "1e+19")
        #expect(tickLabel(0, step: 1e-20) == "0.0")
        #expect(tickLabel(2.5, step: 0.5) == "2.5")
        #expect(floorLog10(.infinity) == 0)
        #expect(niceTicks(-1e308, 1e308) == [-1e308, 1e308])
    }

    @Test func trainingPlotOfLossesPastIntMax() {
        let dot = TrainingPlot.dot(
            losses: [1e19, 3e20, .infinity, .nan, .leastNonzeroMagnitude, 1.7e308],
            accuracies: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
            title: "t")
        #expect(dot.contains("1e+19"))
        #expect(dot.hasSuffix("}\n"))
    }

    /// A million steps are drawn as at most a few thousand points a curve (each point is a
    /// Graphviz node), and a one-step spike stays in the drawing.
    @Test func longRunsAreThinnedKeepingSpikes() {
        var losses = (0..<1_000_000).map { 1 / Double($0 + 1) }
        losses[654_321] = 50
        losses[777_777] = .nan
        let points = TrainingPlot.thinned(losses)
        #expect(points.count <= TrainingPlot.maximumPoints)
        #expect(points.contains { $0.offset == 654_321 && $0.element == 50 })
        #expect(points.first?.offset == 0 && points.last?.offset == 999_999)
        #expect(zip(points, points.dropFirst()).allSatisfy { $0.offset < $1.offset })
        let dot = TrainingPlot.dot(losses: losses, accuracies: losses.map { _ in 1 }, title: "t")
        let edges = dot.split(separator: "\n").filter { $0.contains(" -> ") }.count
        #expect(edges < 2 * TrainingPlot.maximumPoints + 100)
        // Short runs are drawn step for step.
        #expect(TrainingPlot.thinned([3, 2, 1]).map(\.element) == [3, 2, 1])
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

    // MARK: - Property tests: any series a training run can produce

    /// The numbers that break naive plotting: huge, tiny, subnormal, zero, negative, NaN, ±inf.
    static let hostile: [Double] = [
        1e308, -1e308, 1.7976931348623157e308, 1e-308, .leastNonzeroMagnitude, 0, -0.0, -1, 1e19, 9.3e18, .nan,
        .infinity,
        -.infinity, 1e-12, 3.5, 1e156,
    ]

    /// Every node position in plot DOT: `pos="x,y!"`.
    static func positions(in dot: String) -> [(Double, Double)] {
        dot.split(separator: "pos=\"").dropFirst().map { part in
            let text = part.prefix { $0 != "!" }
            let numbers = text.split(separator: ",").map { Double($0) ?? .nan }
            return (numbers.first ?? .nan, numbers.count == 2 ? numbers[1] : .nan)
        }
    }

    /// A series of `count` numbers, each hostile or ordinary, from a fixed-seed generator.
    static func series(_ count: Int, state: inout UInt64) -> [Double] {
        (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let pick = Int(state >> 33)
            return pick % 3 == 0 ? hostile[pick % hostile.count] : Double(pick % 1000) / 100
        }
    }

    @Test func trainingPlotOfAnySeriesPlacesEveryNodeOnTheCanvas() {
        var state: UInt64 = 14
        for trial in 0..<300 {
            let count = trial % 7 == 0 ? trial % 3 : 1 + trial % 40
            let losses = Self.series(count, state: &state)
            let accuracies = Self.series(count, state: &state)
            let dot = TrainingPlot.dot(losses: losses, accuracies: accuracies, title: "trial \(trial)")
            #expect(dot.hasSuffix("}\n"))
            #expect(!dot.contains("nan") && !dot.contains("inf,") && !dot.contains(",inf"), "trial \(trial): \(losses)")
            for (x, y) in Self.positions(in: dot) {
                #expect(x.isFinite && y.isFinite && abs(x) < 1e4 && abs(y) < 1e4, "trial \(trial): \(losses)")
            }
        }
    }

    @Test func trainingPlotOfOnlyNonFiniteLossesStillDrawsTheAxes() {
        for losses: [Double] in [[.nan], [.infinity, .nan], [-.infinity], [], [0, 0], [-5, -1e308]] {
            let dot = TrainingPlot.dot(losses: losses, accuracies: losses.map { _ in 0.5 }, title: "t")
            #expect(dot.contains("loss"))
            #expect(Self.positions(in: dot).allSatisfy { $0.0.isFinite && $0.1.isFinite })
        }
    }

    @Test func boundaryPlotOfAnyScoresAndPointsPlacesEveryNodeOnTheCanvas() {
        var state: UInt64 = 7
        let ranges: [ClosedRange<Double>] = [-1...1, -1e300...1e300, 1e-300...2e-300, 0...0, -1e308...1e308, 5...6]
        for trial in 0..<120 {
            let side = 1 + trial % 6
            let scores = (0..<side).map { _ in Self.series(side, state: &state) }
            let coordinates = Self.series(10, state: &state)
            var points: [(x: Double, y: Double, target: Double)] = []
            for index in 0..<5 {
                points.append((x: coordinates[2 * index], y: coordinates[2 * index + 1], target: Double(index % 2)))
            }
            let dot = BoundaryPlot.dot(
                scores: scores, xRange: ranges[trial % ranges.count], yRange: ranges[(trial / 6) % ranges.count],
                points: points, title: "trial \(trial)")
            #expect(dot.hasSuffix("}\n"))
            for (x, y) in Self.positions(in: dot) {
                #expect(x.isFinite && y.isFinite, "trial \(trial)")
            }
        }
    }

    /// Titles and axis labels near the canvas edge are not clipped, and a curve's segments
    /// meet (an edge drawn to its anchor's centre, not to its border): no dashed look.
    @Test func plotsHaveAMarginAndUnbrokenCurves() {
        let dot = TrainingPlot.dot(losses: [1, 0.5, 0.25], accuracies: [0.5, 0.75, 1], title: "t")
        #expect(dot.contains("pad=0.3"))
        #expect(dot.contains("headclip=false, tailclip=false"))
    }
}
