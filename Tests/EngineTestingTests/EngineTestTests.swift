import GraphChecks
import GraphModel
import Testing

@testable import EngineTesting

@Suite struct EngineTestTests {
    @Test func correctEngineWrittenAnotherWayIsNeverReported() throws {
        var engine = AlternativeEngine()
        let outcome = try EngineTest(programs: 3000, seed: 1).run(&engine)
        #expect(outcome.failures.isEmpty, "\(outcome.failures.first.map { $0.minimal.expressionText } ?? "")")
        var larger = AlternativeEngine()
        let long = try EngineTest(programs: 500, seed: 2, maximumSize: 40).run(&larger)
        #expect(long.failures.isEmpty, "\(long.failures.first.map { $0.minimal.expressionText } ?? "")")
    }

    @Test func oracleAgreesWithItself() throws {
        struct Same: Engine {
            var operations = Set(Operator.allCases)
            func run(_ program: Program) -> EngineNumbers { Oracle.run(program) }
        }
        var engine = Same()
        let outcome = try EngineTest(programs: 500, seed: 4).run(&engine)
        #expect(outcome.failures.isEmpty)
        #expect(outcome.programsRun == 500)
    }

    @Test(arguments: WrongRule.allCases)
    func plantedRuleIsFoundShrunkAndNamed(_ rule: WrongRule) throws {
        var engine = RuleEngine(rule: rule)
        let outcome = try EngineTest(programs: 1000, seed: 1).run(&engine)
        let failure = try #require(outcome.failures.first, "\(rule.rawValue) not found")
        #expect(failure.diagnosis == .rule(rule), "\(failure.minimal.expressionText)")
        #expect(
            failure.minimal.count <= (rule == .recursiveRightFirst || rule == .recursiveSet ? 4 : 3),
            "\(rule.rawValue): \(failure.minimal.expressionText)")
    }

    /// A set-based recursion whose set order changes from run to run (as Python's sets of
    /// objects do): named, its numbers shown are those of a run that failed, and it is said to vary.
    @Test func engineWhoseOrderChangesIsNamedAndSaidToVary() throws {
        struct Shuffling: Engine {
            var operations: Set<Operator> = [.add, .multiply, .tanh]
            var runs: UInt64 = 0
            mutating func run(_ program: Program) -> EngineNumbers {
                runs += 1
                let snapshot = program.snapshot(Oracle.run(program))
                let data = snapshot.nodes.map(\.data)
                let order = (runs &* 0x9E37_79B9_7F4A_7C15) >> 17
                let grads = BackwardRun(snapshot: snapshot, data: data, rule: .recursiveSet, setOrder: order).grads
                return EngineNumbers(data: data, grads: grads)
            }
        }
        var engine = Shuffling()
        let outcome = try EngineTest(programs: 1000, seed: 1).run(&engine)
        let failure = try #require(outcome.failures.first)
        #expect(failure.diagnosis == .rule(.recursiveSet), "\(failure.minimal.expressionText)")
        #expect(failure.varies, "\(failure.minimal.expressionText)")
        let shown = failure.comparison
        #expect(!Comparison.agrees(program: failure.minimal, expected: shown.expected, found: shown.found))
        #expect(outcome.text(seed: 1, reproduction: { _ in "" }).contains(EngineTest.Outcome.variesSentence))
    }

    /// An engine that builds `-a` and `a / b` from `*` (micrograd's way) with a wrong `*`: the
    /// rule is named through its inner values, and the report says so, instead of blaming
    /// `neg` or `div`.
    @Test func ruleOfAnInnerOperationIsNamedThroughMicrogradsInnerValues() throws {
        struct Composite: Engine {
            // No `*` of its own to offer: the wrong `*` shows only inside `-a` and `a / b`.
            var operations: Set<Operator> = [.add, .negate, .divide, .relu]
            func run(_ program: Program) -> EngineNumbers {
                let (inner, places) = program.microgradExpansion ?? (program, Array(program.statements.indices))
                let (data, grads) = WrongRule.missingOutGrad.reenact(inner.snapshot(Oracle.run(inner)))
                return EngineNumbers(data: places.map { data[$0] }, grads: places.map { grads[$0] })
            }
        }
        var engine = Composite()
        let outcome = try EngineTest(programs: 1000, seed: 1).run(&engine)
        let failure = try #require(outcome.failures.first)
        #expect(failure.diagnosis == .rule(.missingOutGrad), "\(failure.minimal.expressionText)")
        #expect(failure.minimal.count <= 3, "\(failure.minimal.expressionText)")
        let report = outcome.text(seed: 1, reproduction: { _ in "" })
        #expect(failure.ruleNeedsInnerValues)
        #expect(report.contains(EngineTest.Outcome.innerValuesSentence))
    }

    /// ishandhanani/micrograd-go's Subtract, written out: `b - a` forward, `+out.grad` to both operands.
    ///
    /// No one rule gives its numbers; the two together do, and are named.
    @Test func twoMistakesInOneOperationAreNamedTogether() throws {
        struct GoPortSubtract: Engine {
            var operations: Set<Operator> = [.add, .subtract, .multiply]
            func run(_ program: Program) -> EngineNumbers {
                var data: [Double] = []
                for statement in program.statements {
                    switch statement {
                    case .leaf(let x): data.append(x)
                    case .binary(.add, let i, let j): data.append(data[i] + data[j])
                    case .binary(.multiply, let i, let j): data.append(data[i] * data[j])
                    case .binary(.subtract, let i, let j): data.append(data[j] - data[i])
                    default: Issue.record("not offered: \(statement)")
                    }
                }
                var grads = [Double](repeating: 0, count: data.count)
                grads[program.root] = 1
                for (k, statement) in program.statements.enumerated().reversed() {
                    switch statement {
                    case .binary(.add, let i, let j), .binary(.subtract, let i, let j):
                        grads[i] += grads[k]
                        grads[j] += grads[k]
                    case .binary(.multiply, let i, let j):
                        grads[i] += data[j] * grads[k]
                        grads[j] += data[i] * grads[k]
                    default: break
                    }
                }
                return EngineNumbers(data: data, grads: grads)
            }
        }
        var engine = GoPortSubtract()
        // `a - a` shows only the sign (a - a is 0 both ways), so keep going past it.
        let outcome = try EngineTest(programs: 1000, seed: 1, all: true).run(&engine)
        let failure = try #require(
            outcome.failures.first { $0.diagnosis == .rules(.subtractionSign, .subtractionSwapped) },
            "\(outcome.summary)")
        #expect(failure.minimal.count <= 3, "\(failure.minimal.expressionText)")
        #expect(outcome.summary.contains("rule: sub-sign+sub-swapped"))
        #expect(failure.diagnosis.sentence.contains("two mistakes at once"))
        // Every failure is named by the catalogue: one rule or the pair, never an operation.
        #expect(outcome.failures.allSatisfy { $0.diagnosis.ruleID != nil }, "\(outcome.summary)")
    }

    /// An engine whose numbers move only in their last bits from run to run (sums taken in a
    /// map's order) is not said to vary: that is rounding, not an order-dependent pass.
    @Test func lastBitJitterIsNotSaidToVary() throws {
        struct Jittery: Engine {
            var operations: Set<Operator> = [.add, .multiply, .tanh]
            var runs = 0
            mutating func run(_ program: Program) -> EngineNumbers {
                runs += 1
                let (data, grads) = WrongRule.overwrite.reenact(program.snapshot(Oracle.run(program)))
                // Only where a grad is a sum (a value used twice) can the order of adding move it.
                var uses = [Int](repeating: 0, count: program.count)
                for statement in program.statements { for operand in statement.operands { uses[operand] += 1 } }
                let nudged = grads.indices.map { i in
                    runs.isMultiple(of: 2) && uses[i] > 1 && grads[i] != 0 ? grads[i].nextUp : grads[i]
                }
                return EngineNumbers(data: data, grads: nudged)
            }
        }
        var engine = Jittery()
        let failure = try #require(try EngineTest(programs: 1000, seed: 1).run(&engine).failures.first)
        #expect(failure.diagnosis == .rule(.overwrite))
        // The minimal program reuses a value (`a + a`), so its grad did move between runs.
        #expect(failure.minimal.statements.contains { $0.operands.count == 2 && $0.operands[0] == $0.operands[1] })
        #expect(!failure.varies)
    }

    /// An engine that gives the same numbers every time is never said to vary.
    @Test func deterministicEngineIsNotSaidToVary() throws {
        var engine = RuleEngine(rule: .recursiveSet)
        let failure = try #require(try EngineTest(programs: 1000, seed: 1).run(&engine).failures.first)
        #expect(!failure.varies)
    }

    /// A planted rule is never named as anything else: every distinct failure over three seeds
    /// (`--all`) is diagnosed as that rule (`sub-swapped` and `sub-sign` agree where the
    /// operands are equal, so either names a swapped `-` there).
    @Test(arguments: WrongRule.allCases)
    func plantedRuleIsNeverNamedAsAnythingElse(_ rule: WrongRule) throws {
        for seed in UInt64(1)...3 {
            var engine = RuleEngine(rule: rule)
            let outcome = try EngineTest(programs: 1000, seed: seed, all: true).run(&engine)
            for failure in outcome.failures {
                #expect(
                    failure.diagnosis == .rule(rule),
                    "seed \(seed): \(failure.minimal.expressionText): \(failure.diagnosis)")
            }
        }
    }

    @Test func unexplainedBugNamesTheOperation() throws {
        var engine = WrongExp()
        let outcome = try EngineTest(programs: 500, seed: 1).run(&engine)
        let failure = try #require(outcome.failures.first)
        #expect(failure.diagnosis == .operation(.exp, .grad))
        #expect(failure.minimal.count <= 3, "\(failure.minimal.expressionText)")
    }

    /// Where `exp` and another operation both use the value whose grad is wrong (`a * a` beside
    /// `exp(a)`), their shares tie; each is run alone and `exp` named: under `--all`, every
    /// distinct failure of a wrong exp backward names exp, none a correct operation.
    @Test func tiedOperationsAreProbedAlone() throws {
        var engine = WrongExp(operations: [.add, .subtract, .multiply, .divide, .negate, .exp, .tanh])
        for seed in UInt64(1)...3 {
            let outcome = try EngineTest(programs: 2000, seed: seed, all: true).run(&engine)
            #expect(!outcome.failures.isEmpty)
            for failure in outcome.failures {
                #expect(
                    failure.diagnosis == .operation(.exp, .grad),
                    "seed \(seed): \(failure.minimal.expressionText): \(failure.diagnosis)")
            }
        }
        let program = Program([.leaf(1.5), .unary(.exp, 0), .binary(.multiply, 0, 0), .binary(.add, 1, 2)])
        var numbers = Oracle.run(program)
        numbers.grads[0] = 2 * 1.5 + 1.5  // exp's backward: x instead of e^x
        #expect(Diagnosis.gradientSuspects(program: program, found: numbers).map(\.operation) == [.multiply, .exp])
        #expect(program.alone(2, data: Oracle.run(program).data) == Program([.leaf(1.5), .binary(.multiply, 0, 0)]))
    }

    /// A `=` left in one operation's backward (the others `+=`) is named as that, never as a
    /// correct operation's step: with `+` assigning, `c = b + a; c += a` loses `tanh(a)`'s
    /// contribution to `a`, and the operation-level diagnosis used to blame `tanh`.
    @Test(arguments: [Operator.add, .multiply, .tanh])
    func oneAssigningOperationIsNamed(_ operation: Operator) throws {
        for microgradStyle in [false, true] {
            var engine = AssigningEngine(operation: operation, microgradStyle: microgradStyle)
            for seed in UInt64(1)...3 {
                let outcome = try EngineTest(programs: 1000, seed: seed, all: true).run(&engine)
                #expect(!outcome.failures.isEmpty)
                for failure in outcome.failures {
                    #expect(
                        failure.diagnosis == .assigns(operation),
                        "\(operation) micrograd-style \(microgradStyle), seed \(seed): \(failure.minimal.expressionText): \(failure.diagnosis)"
                    )
                    #expect(failure.minimal.count <= 4, "\(failure.minimal.expressionText)")
                }
            }
        }
        // The numbers alone fit `+` or `tanh` assigning (in some order of the pass); the engine,
        // asked with `a + a` and `tanh(a)` twice, says which.
        let program = Program([.leaf(1), .unary(.tanh, 0), .binary(.add, 1, 0), .binary(.add, 2, 0)])
        var engine = AssigningEngine(operation: .add)
        let found = engine.run(program)
        #expect(Diagnosis.assigningOperations(program: program, found: found).contains(.add))
        let probed = try EngineTest.assignmentProbed(
            Diagnosis(program: program, found: found), program: program, found: found, engine: &engine)
        #expect(probed == .assigns(.add))
        #expect(probed.ruleID == "overwrite-in-add")
        #expect(!Diagnosis.assignmentExplains(.add, program: program, found: Oracle.run(program)))
        // Every operation assigning stays the catalogue's overwrite.
        var overwriting = RuleEngine(rule: .overwrite)
        let shared = Program([.leaf(1), .binary(.add, 0, 0)])
        let numbers = overwriting.run(shared)
        #expect(
            try EngineTest.assignmentProbed(.rule(.overwrite), program: shared, found: numbers, engine: &overwriting)
                == .rule(.overwrite))
    }

    /// Numbers that `*` assigning would give by coincidence (a wrong `exp` backward) do not
    /// name `*`: an operation is named assigning only when its own probe (`a * a`) shows it.
    @Test func assigningIsNamedOnlyWhenTheProbeShowsIt() throws {
        var engine = WrongExp(operations: [.add, .subtract, .multiply, .divide, .negate, .exp, .log, .tanh, .relu])
        let outcome = try EngineTest(programs: 10_000, seed: 1, all: true).run(&engine)
        #expect(outcome.programsRun == 10_000)
        #expect(!outcome.failures.isEmpty)
        for failure in outcome.failures {
            #expect(
                failure.diagnosis == .operation(.exp, .grad), "\(failure.minimal.expressionText): \(failure.diagnosis)")
        }
    }

    /// A value's users off the root's path send nothing back and are never blamed: with exp's
    /// backward wrong, `b = a * a` (a dead end) is not implicated for `a`'s wrong grad.
    @Test func deadEndUsersAreNotBlamed() throws {
        let program = Program([
            .leaf(1), .binary(.multiply, 0, 0), .leaf(1), .unary(.exp, 2), .unary(.exp, 0),
        ])
        var numbers = Oracle.run(program)
        numbers.grads[0] = numbers.data[0] * numbers.grads[4]  // exp's backward: x instead of e^x
        #expect(Diagnosis.implicated(program: program, found: numbers) == .operation(.exp, .grad))
    }

    @Test func allCollectsDistinctDiagnoses() throws {
        /// Two bugs at once: overwrite, and tanh's (1 - t).
        struct TwoBugs: Engine {
            var operations: Set<Operator> = [.add, .multiply, .tanh]
            func run(_ program: Program) -> EngineNumbers {
                let snapshot = program.snapshot(Oracle.run(program))
                if program.operations.contains(.tanh) {
                    let (data, grads) = WrongRule.tanhOneMinusOutput.reenact(snapshot)
                    return EngineNumbers(data: data, grads: grads)
                }
                let (data, grads) = WrongRule.overwrite.reenact(snapshot)
                return EngineNumbers(data: data, grads: grads)
            }
        }
        var engine = TwoBugs()
        let outcome = try EngineTest(programs: 300, seed: 1, all: true).run(&engine)
        let rules = Set(outcome.failures.compactMap(\.diagnosis.ruleID))
        #expect(rules.isSuperset(of: ["overwrite", "tanh-one-minus-o"]))
    }
}

@Suite struct OverwriteOrderTests {
    /// `=` instead of `+=` in an engine whose topological order runs log's backward after exp's
    /// (micrograd's runs exp's last): a's grad is log's amount, 1, where micrograd's overwrite
    /// would leave exp's, e.
    ///
    /// Still exactly an overwrite, and named so.
    @Test func anOverwriteInAnotherOrderIsNamed() {
        let program = Program(
            [.leaf(1), .unary(.exp, 0), .unary(.log, 0), .binary(.add, 2, 1)], rebinds: [3])
        let data = Oracle.run(program).data
        let found = EngineNumbers(data: data, grads: [1, 1, 1, 1])
        #expect(Diagnosis(program: program, found: found) == .rule(.overwrite))
        // Not an overwrite: a's grad is neither user's amount.
        let other = EngineNumbers(data: data, grads: [2, 1, 1, 1])
        #expect(Diagnosis(program: program, found: other) != .rule(.overwrite))
    }
}

/// exp's backward multiplies by its input instead of its output.
struct WrongExp: Engine {
    var operations: Set<Operator> = [.add, .multiply, .exp]
    func run(_ program: Program) -> EngineNumbers {
        var snapshot = program.snapshot(Oracle.run(program))
        var grads = [Double](repeating: 0, count: program.count)
        grads[program.root] = 1
        for node in snapshot.nodes.reversed() {
            guard let operation = node.operation else { continue }
            let g = grads[node.id]
            let a = snapshot.nodes[node.operands[0]].data
            let b = node.operands.count > 1 ? snapshot.nodes[node.operands[1]].data : 0
            if operation == .exp {
                grads[node.operands[0]] += a * g
                continue
            }
            let (first, second) = operation.contributions(a, b, output: node.data, exponent: 0, grad: g)
            grads[node.operands[0]] += first
            if node.operands.count > 1 { grads[node.operands[1]] += second }
        }
        for index in snapshot.nodes.indices { snapshot.nodes[index].grad = grads[index] }
        return EngineNumbers(data: snapshot.nodes.map(\.data), grads: grads)
    }
}
