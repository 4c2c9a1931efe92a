import GraphModel

/// Training that has gone wrong: a loss that is no longer a finite number, or one that grew
/// far past where it started (the learning rate is too large for the data).
///
/// `gradviz mlp` checks every step with ``init(step:loss:firstLoss:)`` and stops at the first
/// divergent one, so a run never silently ends in `1e156` or `nan`.
public struct Divergence: Sendable, Equatable, CustomStringConvertible {
    /// The 1-based step whose loss (measured before its update) diverged.
    public var step: Int
    public var loss: Double
    /// The first step's loss, the yardstick for growth.
    public var firstLoss: Double

    /// How many times the first step's loss (or 1, if that is smaller) a loss may reach.
    public static let growthLimit = 1e6

    /// The divergence `loss` at the 1-based `step` shows, or `nil` when training is fine.
    public init?(step: Int, loss: Double, firstLoss: Double) {
        let limit = Divergence.growthLimit * max(firstLoss.isFinite ? abs(firstLoss) : 1, 1)
        guard !loss.isFinite || loss > limit else { return nil }
        self.step = step
        self.loss = loss
        self.firstLoss = firstLoss
    }

    /// The divergence a trainer's step shows, or `nil`.
    public init?(_ step: Trainer.Step, firstLoss: Double) {
        self.init(step: step.index + 1, loss: step.loss, firstLoss: firstLoss)
    }

    /// Whether the loss was already non-finite before any update: the data or the starting
    /// weights are at fault, not the learning rate.
    public var isBeforeTraining: Bool { step == 1 && !loss.isFinite }

    /// What went wrong, without the advice: "the loss is nan at step 7" or "the loss reached
    /// 3.1e+12 at step 7, over a million times the first step's 0.98".
    public var description: String {
        if !loss.isFinite { return "the loss is \(NumberFormat.exact(loss)) at step \(step)" }
        return
            "the loss reached \(NumberFormat.short(loss)) at step \(step), over a million times the first step's \(NumberFormat.short(firstLoss))"
    }
}
