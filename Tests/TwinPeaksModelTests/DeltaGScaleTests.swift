// A model file's ΔG scale is checked at load: ΔG = mean + std · output, so a zero, negative,
// non-finite or absurd `model.delta_g_std` (or mean) would print inf or nonsense for every pair.
import Foundation
import Testing
import TwinPeaksTensor
@testable import TwinPeaksModel

private let referenceMember = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../Reference/models/twinpeaks-descriptors/member-0.h5").standardized.path

/// The shipped member with one metadata attribute replaced, loaded: the error, or nil when it loads.
private func loadError(_ attribute: String, _ value: String) throws -> String? {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tp-scale-\(UUID().uuidString).h5").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try FileManager.default.copyItem(atPath: referenceMember, toPath: path)
    try HDF5File(opening: path, writable: true).setAttribute(attribute, value)
    do { _ = try ModelCheckpoint.load(path); return nil } catch { return "\(error)" }
}

@Test(arguments: ["0", "-2.5", "nan", "inf", "1e9"])
func aModelWithAnImpossibleDeltaGStdIsRefusedNamingIt(value: String) throws {
    let message = try #require(try loadError("model.delta_g_std", value))
    #expect(message.contains("tp-scale-") && message.contains("model.delta_g_std"), "\(message)")
    #expect(message.contains("standard deviation of more than 0 and at most 100"), "\(message)")
}

@Test func aModelWithAnAbsurdDeltaGMeanIsRefused() throws {
    let message = try #require(try loadError("model.delta_g_mean", "1e308"))
    #expect(message.contains("model.delta_g_mean"), "\(message)")
}

@Test func aPlausibleDeltaGScaleStillLoads() throws {
    // 2.58 kcal/mol: the spread of SKEMPI/PDBbind ΔG, the network's default.
    #expect(try loadError("model.delta_g_std", "2.58") == nil)
}
