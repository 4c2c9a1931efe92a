/// The colours of a drawing.
///
/// Each says what a node is; docs/expr.md's legend lists them.
enum Palette {
    static let inputFill = "#dbeafe"  // inputs and parameters: blue
    static let inputBorder = "#3b6fb6"
    static let parameterFill = "#dcfce7"  // network weights and biases: green
    static let parameterBorder = "#15803d"
    static let foldedFill = "#f5f3ff"  // a folded part of a bigger graph: pale violet
    static let foldedBorder = "#8b5cf6"
    static let layerFill = "#f8fafc"  // clusters: a layer, and a neuron inside it
    static let layerBorder = "#cbd5e1"
    static let neuronFill = "#ffffff"
    static let neuronBorder = "#94a3b8"
    static let constantFill = "#f3f4f6"  // numbers written in the program: grey
    static let constantBorder = "#9ca3af"
    static let intermediateFill = "#ffffff"  // values computed on the way: white
    static let intermediateBorder = "#6b7280"
    static let rootFill = "#fde68a"  // the value backward() starts from: amber
    static let rootBorder = "#b45309"
    static let operationFill = "#ede9fe"  // operations: violet ellipses
    static let operationBorder = "#7c3aed"
    static let edge = "#4b5563"
    static let caption = "#6b7280"
    static let shared = "#b91c1c"  // a value used in more than one slot
    static let zeroGrad = "#9ca3af"
    static let positiveWeight = "#2563eb"  // weights: blue positive, red negative
    static let negativeWeight = "#dc2626"
    static let deadFill = "#e5e7eb"  // a ReLU that is zero on every sample
    static let vanishingFill = "#fef3c7"  // a gradient too small to learn from
    static let edgeGradient = "#0f766e"  // the gradient an edge carries back: teal
    static let annotation = "#0f766e"  // check / verify / order notes
    static let nonFiniteFill = "#fee2e2"  // nan and inf: red
    static let nonFiniteText = "#b91c1c"
}

extension DotExport {
    /// What each colour of a value drawing means, for legends (the HTML viewer's, say).
    public static let legend: [(color: String, meaning: String)] = [
        (Palette.inputFill, "input"),
        (Palette.parameterFill, "parameter"),
        (Palette.constantFill, "constant"),
        (Palette.intermediateFill, "intermediate value"),
        (Palette.rootFill, "root (backward starts here)"),
        (Palette.operationFill, "operation"),
        (Palette.foldedFill, "folded part of a bigger graph"),
        (Palette.nonFiniteFill, "problem: mismatch, nan or inf"),
    ]

    /// The legend of a network drawing.
    public static let networkLegend: [(color: String, meaning: String)] = [
        (Palette.inputFill, "input"),
        (Palette.intermediateFill, "neuron"),
        (Palette.rootFill, "output"),
        (Palette.deadFill, "dead ReLU (zero on every sample)"),
        (Palette.positiveWeight, "positive weight"),
        (Palette.negativeWeight, "negative weight"),
        (Palette.vanishingFill, "vanishing gradient"),
        (Palette.nonFiniteFill, "huge or non-finite gradient"),
    ]
}

extension DotExport {
    /// The colours of a network drawing by name, for pages that draw networks themselves (the
    /// training replay): units, weights and flagged gradients.
    public static let networkColors: [(name: String, color: String)] = [
        ("inputFill", Palette.inputFill), ("inputBorder", Palette.inputBorder),
        ("neuronFill", Palette.intermediateFill), ("neuronBorder", Palette.neuronBorder),
        ("outputFill", Palette.rootFill), ("outputBorder", Palette.rootBorder),
        ("deadFill", Palette.deadFill), ("deadBorder", Palette.constantBorder),
        ("positiveWeight", Palette.positiveWeight), ("negativeWeight", Palette.negativeWeight),
        ("nonFiniteText", Palette.nonFiniteText), ("nonFiniteFill", Palette.nonFiniteFill),
        ("vanishingFill", Palette.vanishingFill), ("zeroGrad", Palette.zeroGrad),
    ]
}
