import Foundation
import FuzzTargets

// libFuzzer entry point: scripts/checks/fuzz builds this target with `-sanitize=fuzzer,address` and
// `-D FUZZING`, so libFuzzer's own main drives it; GRADVIZ_FUZZ_TARGET picks the reader.
nonisolated(unsafe) private var target: FuzzTarget?

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let chosen = target ?? FuzzTarget.fromEnvironment
    target = chosen
    chosen.run(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
    return 0
}

#if !FUZZING
/// Without libFuzzer: replays files through a target, `gradviz-fuzz TARGET FILE...`, to
/// reproduce a finding under a debugger or a sanitizer.
@main
struct FuzzReplay {
    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let chosen = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(
                Data("usage: gradviz-fuzz expression|json|csv|dot|mlp|dot-differential FILE...\n".utf8))
            exit(64)
        }
        for path in arguments.dropFirst() {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            bytes.withUnsafeBytes { chosen.run($0) }
            print("ok \(path)")
        }
    }
}
#endif
