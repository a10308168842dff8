// The safetensors reader: F32, F16 and BF16 values from a file the test writes, and the errors
// for truncated, inconsistent and foreign files (each naming the file and the tensor).
import Foundation
import Testing
@testable import TwinPeaksEmbedding
import TwinPeaksTestSupport

private func readError(_ bytes: [UInt8], _ dir: TemporaryDirectory) -> String {
    let path = dir.file("bad.safetensors")
    try! Data(bytes).write(to: URL(fileURLWithPath: path))
    do { _ = try SafetensorsFile(path: path); return "no error" } catch { return "\(error)" }
}

@Test func safetensorsRoundTripReadsF32F16AndBF16Values() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("model.safetensors")
    // Half bits by hand: 1.5 = 0x3E00, −2 = 0xC000, 0.25 = 0x3400, 65504 = 0x7BFF, 2⁻²⁴ (subnormal) = 0x0001;
    // bfloat16: 1.5 = 0x3FC0, −2 = 0xC000, 0.25 = 0x3E80, 3.140625 = 0x4049.
    try writeSafetensors([
        .float32("a.weight", shape: [2, 3], [1, -2.5, 3.25, 0, 1e-30, -7]),
        .bits16("b.half", dtype: "F16", shape: [5], [0x3E00, 0xC000, 0x3400, 0x7BFF, 0x0001]),
        .bits16("c.brain", dtype: "BF16", shape: [2, 2], [0x3FC0, 0xC000, 0x3E80, 0x4049]),
        SafetensorsTestTensor(name: "d.position_ids", dtype: "I64", shape: [2], bytes: [UInt8](repeating: 0, count: 16)),
    ], to: path)
    let file = try SafetensorsFile(path: path)
    #expect(file.metadata == ["format": "pt"])
    #expect(file.entries.map(\.name) == ["a.weight", "b.half", "c.brain", "d.position_ids"])
    #expect(try file.floats("a.weight").shape == [2, 3])
    #expect(try file.floats("a.weight").values == [1, -2.5, 3.25, 0, 1e-30, -7])
    #expect(try file.floats("b.half").values == [1.5, -2, 0.25, 65504, 0x1p-24])
    #expect(try file.floats("c.brain").values == [1.5, -2, 0.25, 3.140625])
    // Integer tensors are listed (so a converter can skip them) but not read as floats.
    #expect(throws: (any Error).self) { try file.floats("d.position_ids") }
}

@Test func truncatedOrInconsistentSafetensorsFilesAreErrorsNamingFileAndTensor() throws {
    let dir = TemporaryDirectory()
    let good = safetensorsBytes([.float32("x.weight", shape: [4], [1, 2, 3, 4]), .float32("y.bias", shape: [2], [5, 6])])
    // Cut inside y.bias's data.
    let cut = readError(Array(good.dropLast(3)), dir)
    #expect(cut.contains("bad.safetensors") && cut.contains("y.bias") && cut.contains("truncated"), "\(cut)")
    // Cut inside the header.
    let header = readError(Array(good.prefix(20)), dir)
    #expect(header.contains("header length") && header.contains("truncated"), "\(header)")
    #expect(readError([1, 2, 3], dir).contains("too short"))
    // Not JSON after a plausible length.
    #expect(readError([4, 0, 0, 0, 0, 0, 0, 0] + Array("abcd".utf8), dir).contains("not a JSON object"))
    // Offsets that disagree with dtype × shape.
    var wrong = SafetensorsTestTensor.float32("z.weight", shape: [3], [1, 2, 3])
    wrong.shape = [4]
    let mismatch = readError(safetensorsBytes([wrong]), dir)
    #expect(mismatch.contains("z.weight") && mismatch.contains("needs 16"), "\(mismatch)")
    var odd = SafetensorsTestTensor.float32("w.weight", shape: [1], [1])
    odd.dtype = "F8_E4M3X"
    #expect(readError(safetensorsBytes([odd]), dir).contains("not a safetensors dtype"))
}
