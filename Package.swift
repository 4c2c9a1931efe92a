// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "gradviz",
    products: [
        .executable(name: "gradviz", targets: ["gradviz"]),
        .library(name: "Autograd", targets: ["Autograd"]),
        .library(name: "GraphModel", targets: ["GraphModel"]),
        .library(name: "NeuralNet", targets: ["NeuralNet"]),
        .library(name: "Plots", targets: ["Plots"]),
        .library(name: "ExpressionLanguage", targets: ["ExpressionLanguage"]),
        .library(name: "DotExport", targets: ["DotExport"]),
        .library(name: "Rendering", targets: ["Rendering"]),
        .library(name: "Pages", targets: ["Pages"]),
        .library(name: "GraphImport", targets: ["GraphImport"]),
        .library(name: "GraphChecks", targets: ["GraphChecks"]),
        .library(name: "EngineTesting", targets: ["EngineTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Only for `scripts/make/docs` (a command plugin: nothing of it is built by `swift build`).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        // The graph snapshot: the plain value every stage after the engine works on.
        .target(name: "GraphModel", swiftSettings: strictSettings),
        // The scalar autograd engine: a tape of nodes, forward and backward.
        .target(name: "Autograd", dependencies: ["GraphModel"], swiftSettings: strictSettings),
        // Training and decision-boundary charts as positioned DOT.
        .target(name: "Plots", dependencies: ["DotExport", "GraphModel"], swiftSettings: strictSettings),
        // Neurons, layers, MLPs, losses, datasets and training, on Autograd.
        .target(name: "NeuralNet", dependencies: ["Autograd", "GraphModel"], swiftSettings: strictSettings),
        // The `expr` language: program text to a Value graph.
        .target(name: "ExpressionLanguage", dependencies: ["Autograd"], swiftSettings: strictSettings),
        // Checking gradients: finite differences, verification of other engines' numbers, and
        // the classic backward bugs re-enacted, all on snapshots.
        .target(name: "GraphChecks", dependencies: ["GraphModel"], swiftSettings: strictSettings),
        // Graphs other engines wrote (draw_dot DOT, gradviz-graph JSON) read into snapshots; an
        // operand order the file does not fix is decided by the numbers (GraphChecks.OperandOrder).
        .target(name: "GraphImport", dependencies: ["GraphModel", "GraphChecks"], swiftSettings: strictSettings),
        // test-engine: generated programs run in the user's engine (an adapter speaking the
        // protocol) and in gradviz's, compared value by value; failures shrunk and diagnosed.
        // test-model: the user's MLP, its weights loaded into gradviz's (NeuralNet), compared.
        .target(
            name: "EngineTesting", dependencies: ["Autograd", "GraphModel", "GraphChecks", "NeuralNet"],
            swiftSettings: strictSettings),
        // Snapshot to DOT text.
        .target(name: "DotExport", dependencies: ["GraphModel"], swiftSettings: strictSettings),
        // libgvc, behind a shim header.
        .systemLibrary(
            name: "CGraphviz",
            path: "Modules/CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"])]
        ),
        // Operating-system calls Swift cannot make directly (prctl), behind a shim header.
        .systemLibrary(name: "CSystem", path: "Modules/CSystem"),
        // Graphviz, in process: DOT text to SVG / PNG / PDF bytes, and DOT text read by cgraph.
        // The only target with C below it (libgvc); it knows DOT text and nothing of graphs.
        .target(name: "Rendering", dependencies: ["CGraphviz"], swiftSettings: strictSettings),
        // The HTML pages: the graph viewer and the training page, a snapshot (or a replay) and
        // its picture in one file. Their script and styles are files of their own (checked by
        // scripts/checks/viewer-test), embedded in the code at build time.
        .target(
            name: "Pages", dependencies: ["GraphModel"],
            resources: [
                .embedInCode("Viewer/model.js"), .embedInCode("Viewer/viewer.js"), .embedInCode("Viewer/page.css"),
                .embedInCode("Viewer/viewer.css"), .embedInCode("Viewer/training-model.js"),
                .embedInCode("Viewer/training.js"), .embedInCode("Viewer/training.css"),
                .embedInCode("Viewer/panzoom.js"), .embedInCode("Viewer/player.js"),
                // The graph viewer's script, one file a job; viewer.js puts them together.
                .embedInCode("Viewer/drawing.js"), .embedInCode("Viewer/details.js"), .embedInCode("Viewer/search.js"),
                .embedInCode("Viewer/svg-index.js"), .embedInCode("Viewer/painter.js"),
                .embedInCode("Viewer/check-notes.js"), .embedInCode("Viewer/caption.js"),
                .embedInCode("Viewer/what-if.js"), .embedInCode("Viewer/debugger.js"),
                .embedInCode("Viewer/address.js"),
            ],
            swiftSettings: strictSettings),
        // The command-line tool: thin wiring over the targets above.
        .executableTarget(
            name: "gradviz",
            dependencies: [
                "Autograd", "GraphModel", "NeuralNet", "Plots", "ExpressionLanguage", "DotExport", "Rendering",
                "Pages", "GraphImport", "GraphChecks", "EngineTesting", "CSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // Workloads for scripts/bench (not part of the tool).
        .executableTarget(
            name: "gradviz-bench", dependencies: ["Autograd", "GraphModel", "NeuralNet", "Rendering"],
            path: "Sources/GradvizBench", swiftSettings: strictSettings),
        // The README's Swift snippets, built and run by CI.
        .executableTarget(
            name: "gradviz-examples",
            dependencies: [
                "Autograd", "GraphModel", "GraphImport", "GraphChecks", "NeuralNet", "DotExport", "Rendering",
            ],
            path: "Examples", exclude: ["Adapters"], swiftSettings: strictSettings),
        // What the fuzzers drive, and the libFuzzer / replay executable (scripts/checks/fuzz).
        .target(
            name: "FuzzTargets",
            dependencies: [
                "Autograd", "ExpressionLanguage", "GraphModel", "GraphImport", "GraphChecks", "NeuralNet", "DotExport",
                "Plots", "Rendering",
            ],
            swiftSettings: strictSettings),
        .executableTarget(
            name: "gradviz-fuzz", dependencies: ["FuzzTargets"], path: "Sources/GradvizFuzz",
            swiftSettings: strictSettings),
        .testTarget(
            name: "AutogradTests", dependencies: ["Autograd", "GraphModel", "GraphChecks"],
            swiftSettings: strictSettings),
        .testTarget(name: "PlotsTests", dependencies: ["Plots", "DotExport"], swiftSettings: strictSettings),
        .testTarget(
            name: "NeuralNetTests", dependencies: ["NeuralNet", "Autograd", "GraphModel"], swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ExpressionLanguageTests", dependencies: ["ExpressionLanguage", "Autograd", "GraphModel"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "DotExportTests",
            dependencies: ["DotExport", "GraphModel", "GraphChecks", "ExpressionLanguage", "Autograd", "Rendering"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "GraphModelTests", dependencies: ["GraphModel", "ExpressionLanguage", "Autograd"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "GraphChecksTests",
            dependencies: ["GraphChecks", "GraphModel", "GraphImport", "ExpressionLanguage", "Autograd"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "GraphImportTests", dependencies: ["GraphImport", "GraphModel", "GraphChecks", "Rendering"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "EngineTestingTests",
            dependencies: ["EngineTesting", "Autograd", "GraphModel", "GraphChecks", "NeuralNet"],
            swiftSettings: strictSettings),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering"], swiftSettings: strictSettings),
        .testTarget(name: "GradvizTests", dependencies: ["gradviz"], swiftSettings: strictSettings),
        .testTarget(
            name: "FuzzRegressionTests", dependencies: ["FuzzTargets", "GraphImport", "Rendering"],
            swiftSettings: strictSettings),
    ]
)
