import Autograd
import GraphChecks
public import GraphModel

/// A differential test of an engine: generated programs run in it and in the oracle, every
/// statement's data and grad compared; a failing program is shrunk and diagnosed.
public struct EngineTest: Sendable {
    public var programs: Int
    public var seed: UInt64
    public var maximumSize: Int
    /// Keep going after a failure, collecting one failure per distinct diagnosis.
    public var all: Bool
    /// Most engine runs spent shrinking one failure.
    public var shrinkBudget: Int

    public init(
        programs: Int = 1000, seed: UInt64 = 1, maximumSize: Int = 12, all: Bool = false, shrinkBudget: Int = 2_000
    ) {
        self.programs = programs
        self.seed = seed
        self.maximumSize = maximumSize
        self.all = all
        self.shrinkBudget = shrinkBudget
    }

    /// How many programs after an ambiguous failure are searched for one that names a single rule.
    static let disambiguationWindow = 200

    /// A program the engine gets wrong, shrunk and diagnosed.
    public struct Failure: Sendable {
        /// Which generated program failed (its number for `seed`, from 0).
        public var programIndex: Int
        public var original: Program
        public var minimal: Program
        public var diagnosis: Diagnosis
        /// The minimal program's numbers from both engines, compared (the engine's from the
        /// run that failed).
        public var comparison: Comparison
        /// Whether the engine gave other numbers (beyond rounding) for the minimal program when it
        /// was run again (``EngineTest/repeatedRuns`` times): its result depends on an order that
        /// changes from run to run.
        public var varies: Bool = false
    }

    /// How many times the minimal program is run again to see whether the engine's numbers vary.
    public static let repeatedRuns = 5

    /// What a run found.
    public struct Outcome: Sendable {
        public var programsRun: Int
        /// Statements compared (each one's data and grad).
        public var valuesCompared: Int
        public var failures: [Failure]
        /// The operations programs used (the engine's, as declared or discovered).
        public var operations: [Operator]
    }

    /// Most programs sent to the engine before their answers are read.
    static let batchLimit = 256
    /// Batches sent ahead of the one whose answers are awaited.
    static let batchesAhead = 2

    /// Generated programs and the engine's numbers for them, run ahead of the comparison in
    /// batches (1, 2, 4, … up to ``batchLimit`` programs).
    ///
    /// An adapter (``EngineSession``) always has the ``batchesAhead`` batches after the one
    /// being read queued: they are generated and sent before the current one's answers are
    /// awaited, so the adapter works on them while gradviz generates, reads and compares, and
    /// neither waits for the other (on two cores the two run side by side).
    private struct Lookahead {
        let generator: ProgramGenerator
        let seed: UInt64
        let end: Int
        var start = 0
        var programs: [Program] = []
        /// The oracle's numbers for `programs`.
        var expected: [EngineNumbers] = []
        var batch = EngineBatch(numbers: [])
        /// Batches sent to the adapter and not yet received, oldest first: first index,
        /// programs, the oracle's numbers and the session's ticket.
        var inFlight: [(start: Int, programs: [Program], expected: [EngineNumbers], ticket: Int)] = []
        var nextSize = 1

        /// Program `index`, the oracle's numbers for it and the engine's, or the error that
        /// stopped the engine.
        mutating func program(
            _ index: Int, engine: inout some Engine
        ) throws(EngineSessionError) -> (program: Program, expected: EngineNumbers, found: EngineNumbers) {
            if index < start || index >= start + programs.count {
                fetch(from: index, engine: &engine)
            }
            let offset = index - start
            guard offset < batch.numbers.count else {
                throw batch.error ?? .exited(.program(index), status: nil, signal: nil)
            }
            return (programs[offset], expected[offset], batch.numbers[offset])
        }

        private mutating func makeBatch(from index: Int) -> (programs: [Program], expected: [EngineNumbers]) {
            let count = min(nextSize, end - index)
            nextSize = min(nextSize * 2, EngineTest.batchLimit)
            let tape = Tape(capacity: generator.maximumSize)
            let made = (index..<index + count).map { generator.programAndNumbers(seed: seed, index: $0, tape: tape) }
            return (made.map(\.program), made.map(\.numbers))
        }

        /// Generates and sends the batch from `index` (when there is one).
        private mutating func send(from index: Int, to session: EngineSession) {
            guard index < end else { return }
            let made = makeBatch(from: index)
            inFlight.append((index, made.programs, made.expected, session.send(made.programs)))
        }

        private mutating func fetch(from index: Int, engine: inout some Engine) {
            guard let session = engine as? EngineSession else {
                start = index
                (programs, expected) = makeBatch(from: index)
                batch = engine.run(batch: programs)
                return
            }
            if inFlight.first?.start != index {
                // A jump (the shrinker ran programs of its own): what was sent is read and dropped.
                for stale in inFlight { _ = session.receive(stale.ticket) }
                inFlight = []
                send(from: index, to: session)
            }
            let current = inFlight.removeFirst()
            // The batches after this one go out before this one's answers are awaited.
            while inFlight.count < EngineTest.batchesAhead {
                let last = inFlight.last ?? current
                let next = last.start + last.programs.count
                guard next < end else { break }
                send(from: next, to: session)
            }
            start = index
            (programs, expected) = (current.programs, current.expected)
            batch = session.receive(current.ticket)
        }
    }

    /// Runs the test; `progress` is told after each program how many have run.
    public func run(
        _ engine: inout some Engine, progress: (Int) -> Void = { _ in }
    ) throws(EngineSessionError) -> Outcome {
        let generator = ProgramGenerator(operations: engine.operations, maximumSize: maximumSize)
        var lookahead = Lookahead(generator: generator, seed: seed, end: programs)
        var failures: [Failure] = []
        var compared = 0
        var run = 0
        var index = 0
        while index < programs {
            let (program, expected, found) = try lookahead.program(index, engine: &engine)
            run += 1
            compared += program.count
            progress(run)
            guard !Comparison.agrees(program: program, expected: expected, found: found) else {
                index += 1
                continue
            }
            var failing = (
                index: index, program: program, diagnosis: Diagnosis(program: program, found: found), numbers: found
            )
            // Diagnoses this program cannot tell apart (both recursions on `b + b`; every
            // operation assigning, or only `*`, on `a * a`): look a little further for a
            // program that names one of them alone.
            let candidates = Diagnosis.candidates(program: program, found: found)
            if candidates.count > 1,
                let known = failures.first(where: { failure in candidates.contains(failure.diagnosis) })
            {
                // One of them is already named by a program that told them apart: the same mistake.
                failing.diagnosis = known.diagnosis
            } else if candidates.count > 1 {
                var next = index + 1
                var told = false
                while next < min(programs, index + 1 + Self.disambiguationWindow) {
                    let (other, _, numbers) = try lookahead.program(next, engine: &engine)
                    run += 1
                    compared += other.count
                    progress(run)
                    let named = Diagnosis.candidates(program: other, found: numbers)
                    if named.count == 1, candidates.contains(named[0]),
                        !Comparison.agrees(program: other, expected: Oracle.run(other), found: numbers)
                    {
                        failing = (next, other, named[0], numbers)
                        told = true
                        break
                    }
                    next += 1
                }
                // Go on after the program that told them apart, or after the last one looked at.
                index = told ? next : next - 1
            }
            index += 1
            failing.diagnosis = try Self.confirmed(
                failing.diagnosis, program: failing.program, found: failing.numbers, generator: generator,
                seed: seed &+ UInt64(failing.index), engine: &engine)
            failing.diagnosis = try Self.assignmentProbed(
                failing.diagnosis, program: failing.program, found: failing.numbers, engine: &engine)
            failing.diagnosis = try Self.probed(
                failing.diagnosis, program: failing.program, found: failing.numbers, engine: &engine)
            if failures.contains(where: { $0.diagnosis == failing.diagnosis }) { continue }
            let shrinker = Shrinker(budget: shrinkBudget, operations: engine.operations)
            // The numbers of the last program that failed: those of the minimal one when it is
            // done (never a fresh run, which an engine whose order varies may get right).
            var lastFailure = (program: failing.program, numbers: failing.numbers)
            let (minimal, finalDiagnosis) = try shrinker.shrink(failing.program, diagnosis: failing.diagnosis) {
                (candidate: Program) throws(EngineSessionError) -> Diagnosis? in
                let numbers = try engine.run(candidate)
                guard !Comparison.agrees(program: candidate, expected: Oracle.run(candidate), found: numbers) else {
                    return nil
                }
                let diagnosis = Diagnosis(program: candidate, found: numbers, preferring: failing.diagnosis)
                if diagnosis == failing.diagnosis { lastFailure = (candidate, numbers) }
                return diagnosis
            }
            if finalDiagnosis != failing.diagnosis, failures.contains(where: { $0.diagnosis == finalDiagnosis }) {
                continue
            }
            let oracle = Oracle.run(minimal)
            var runs: [EngineNumbers] = []
            for _ in 0..<Self.repeatedRuns { runs.append(try engine.run(minimal)) }
            let minimalNumbers =
                lastFailure.program == minimal
                ? lastFailure.numbers
                : runs.first { !Comparison.agrees(program: minimal, expected: oracle, found: $0) } ?? runs[0]
            // Beyond rounding: a correct sum taken in another order differs in its last bits.
            let varies = runs.contains { !Comparison.agrees(program: minimal, expected: minimalNumbers, found: $0) }
            failures.append(
                Failure(
                    programIndex: failing.index, original: failing.program, minimal: minimal,
                    diagnosis: finalDiagnosis,
                    comparison: Comparison(program: minimal, expected: oracle, found: minimalNumbers),
                    varies: varies))
            if !all { break }
        }
        return Outcome(programsRun: run, valuesCompared: compared, failures: failures, operations: generator.operations)
    }

    /// A rule named from the numbers of a program with a computed zero, kept only if the engine
    /// fails the same program without the zero as the rule would, or passes it.
    ///
    /// A zero can make two mistakes give the same numbers: with `a = b - b`, an `exp` backward
    /// that multiplies by `a` sends 0, exactly as a pass that drops one of `a`'s contributions
    /// does, and no other leaf values change that. So the zero becomes a leaf of another value
    /// and the engine runs that program: when it fails in a way the rule does not reproduce,
    /// the rule was a coincidence of the zero, and the diagnosis is the operation the numbers
    /// implicate instead.
    static func confirmed(
        _ diagnosis: Diagnosis, program: Program, found: EngineNumbers, generator: ProgramGenerator, seed: UInt64,
        engine: inout some Engine
    ) throws(EngineSessionError) -> Diagnosis {
        switch diagnosis {
        case .rule, .rules, .assigns: break
        case .operation, .unexplained: return diagnosis
        }
        guard let other = generator.withoutComputedZeros(program, seed: seed) else { return diagnosis }
        let numbers = try engine.run(other)
        if Comparison.agrees(program: other, expected: Oracle.run(other), found: numbers) { return diagnosis }
        if Diagnosis(program: other, found: numbers, preferring: diagnosis) == diagnosis { return diagnosis }
        return Diagnosis.implicated(program: program, found: found)
    }

    /// The one operation that assigns its operands' gradients, when the numbers fit several
    /// (each assigning where the others add, in some order of the pass) and no rule named them,
    /// or fit every operation assigning (`overwrite`) as well as one: operations are run in
    /// the engine on a value they read twice (`b = a * a`; `b = exp(a); c = exp(a); d = b + c`),
    /// and when exactly one of them assigns, it is named.
    ///
    /// Without this, the operation-level diagnosis blames whichever correct user of the value
    /// lost part of its gradient, and a `=` left in one method reads as one in every method.
    /// An operation named assigning from the numbers alone is named only if its probe shows
    /// it too (a wrong `exp` backward can give numbers that `*` assigning would).
    static func assignmentProbed(
        _ diagnosis: Diagnosis, program: Program, found: EngineNumbers, engine: inout some Engine
    ) throws(EngineSessionError) -> Diagnosis {
        /// Whether the engine's numbers for a value `operation` reads twice are its assigning.
        func assigns(_ operation: Operator) throws(EngineSessionError) -> Bool {
            guard let probe = Program.readTwice(by: operation, operations: engine.operations) else { return false }
            return Diagnosis.assignmentExplains(operation, program: probe, found: try engine.run(probe))
        }
        switch diagnosis {
        case .assigns(let operation):
            return try assigns(operation) ? diagnosis : Diagnosis.implicated(program: program, found: found)
        case .operation(_, .grad), .unexplained, .rule(.overwrite): break
        default: return diagnosis
        }
        let candidates = Diagnosis.assigningOperations(program: program, found: found)
        guard !candidates.isEmpty else { return diagnosis }
        // Against `overwrite` every operation is asked: it is the one only if the others add.
        let asked = diagnosis == .rule(.overwrite) ? Operator.allCases.filter(engine.operations.contains) : candidates
        var assigning: [Operator] = []
        for operation in asked where try assigns(operation) { assigning.append(operation) }
        guard assigning.count == 1, candidates.contains(assigning[0]) else { return diagnosis }
        return .assigns(assigning[0])
    }

    /// Of the operations that may have sent a wrong gradient, the first whose step is wrong
    /// when it runs alone in the engine, its operands leaves holding the program's right data.
    ///
    /// The numbers of one program cannot tell `exp` from `*` (or from `a - a`, which reads the
    /// value twice) when both use the value whose grad is wrong; one more program each can.
    /// When none fails alone (the mistake needs the two together), the diagnosis stays as it was.
    static func probed(
        _ diagnosis: Diagnosis, program: Program, found: EngineNumbers, engine: inout some Engine
    ) throws(EngineSessionError) -> Diagnosis {
        guard case .operation(_, .grad) = diagnosis else { return diagnosis }
        let suspects = Diagnosis.gradientSuspects(program: program, found: found)
        guard suspects.count > 1 else { return diagnosis }
        let expected = Oracle.run(program)
        for suspect in suspects {
            let probe = program.alone(suspect.statement, data: expected.data)
            let numbers = try engine.run(probe)
            if !Comparison.agrees(program: probe, expected: Oracle.run(probe), found: numbers) {
                return .operation(suspect.operation, .grad)
            }
        }
        return diagnosis
    }
}
