// Entry of the fuzz binary: `TWINPEAKS_FUZZ_TARGET=fasta twinpeaks-fuzz CORPUS -max_total_time=120`
// runs libFuzzer on one reader; `twinpeaks-fuzz --write-seeds DIR` writes the small HDF5 seeds.
import Foundation

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// libFuzzer calls this once per input. It is also exported under libFuzzer's fixed name: with
/// `-sanitize=fuzzer` the linker may pick libFuzzer's own `main`, which calls it directly.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzTargets.selected(bytes)
    return 0
}

@main
struct TwinPeaksFuzz {
    static func main() {
        let arguments = CommandLine.arguments
        if arguments.count == 3, arguments[1] == "--write-seeds" {
            do { try HDF5Seeds.write(to: arguments[2]) } catch {
                FileHandle.standardError.write(Data("twinpeaks-fuzz: \(error)\n".utf8))
                exit(1)
            }
            return
        }
        // Resolved before the first input, so a wrong name fails at once, not inside libFuzzer.
        _ = FuzzTargets.selected
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
    }
}
