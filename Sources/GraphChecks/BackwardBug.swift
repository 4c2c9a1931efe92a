/// The backward-pass bugs that people re-implementing micrograd run into, which gradviz can
/// re-enact to show what they do to the gradients.
public enum BackwardBug: String, CaseIterable, Sendable {
    /// `grad = …` instead of `grad += …`: a value used twice keeps only its last contribution.
    case overwrite
    /// Recursion into operands (left first) instead of one pass in reverse topological order:
    /// shared nodes run their backward step more than once.
    case recursive
    /// The same recursion visiting operands right to left.
    case recursiveRightToLeft = "recursive-right-first"
    /// Backward run twice without zeroing gradients in between: they pile up.
    case noZeroGrad = "no-zero-grad"
    /// The right operand of `-` receives `+out.grad` instead of `-out.grad`.
    case subtractionSign = "sub-sign"
    /// Each `x += y` computes the sum but drops it: `x` keeps its old value.
    case droppedResult = "dropped-result"

    /// One line on what the bug is and where it comes from.
    public var explanation: String {
        switch self {
        case .overwrite:
            "gradients assigned (grad = ...) instead of accumulated (grad += ...): b = a + a gives a.grad 1, not 2"
        case .recursive:
            "backward by recursion into operands, left first, with no topological order: a=2; b=a+a; c=a*b; d=c+b gives a.grad 16, not 10"
        case .recursiveRightToLeft:
            "the same naive recursion visiting the right operand first: the seed example gives 12"
        case .noZeroGrad:
            "backward run again without zero_grad: gradients pile up, and intermediate values send their stale gradients back again: the seed example gives a.grad 34, not 10 (nor twice 10)"
        case .subtractionSign: "subtraction's backward sends +grad to its right operand instead of -grad"
        case .droppedResult: "x += y written as a call whose result is thrown away (act.Add(y) in Go): x never changes"
        }
    }
}
