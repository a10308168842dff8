// Parameter files: exact round trips, metadata and optimizer state, and clear errors for missing,
// mis-shaped, extra or corrupt tensors.
import Foundation
import Testing
@testable import TwinPeaksTensor

private func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("tp-\(UUID().uuidString)-\(name)").path
}

/// A small model's store: an encoder layer and a head, seeded.
private func makeStore(seed: UInt64, width: Int = 8, hidden: Int = 12, withHead: Bool = true) throws -> ParameterStore {
    let store = ParameterStore()
    var generator = SeededGenerator(seed: seed)
    _ = try EncoderLayer("encoder.0", width: width, heads: 2, feedForwardWidth: hidden, store: store, generator: &generator)
    if withHead { _ = try Linear("head", inputWidth: width, outputWidth: 1, store: store, generator: &generator) }
    for i in 0..<store.count { store.values[i] += generator.nextNormal() }  // no trivial zeros and ones
    return store
}

@Test func parametersRoundTripExactlyWithMetadataAndOptimizerState() throws {
    let path = temporaryPath("model.h5")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let saved = try makeStore(seed: 1)
    let optimizer = try AdamW(store: saved)
    for i in 0..<saved.count { saved.gradients[i] = Float(i % 7) - 3 }
    try optimizer.step()
    try ParameterFile.save(saved, metadata: ["config": "{\"width\": 8}", "version": "0.1.0"], optimizer: optimizer, to: path)
    #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))

    let loaded = try makeStore(seed: 99)
    let restored = try AdamW(store: loaded)
    let metadata = try ParameterFile.load(into: loaded, from: path, optimizer: restored)
    #expect(Array(loaded.values).map(\.bitPattern) == Array(saved.values).map(\.bitPattern))
    #expect(metadata == ["config": "{\"width\": 8}", "version": "0.1.0"])
    #expect(restored.stepCount == 1 && restored.firstMoment == optimizer.firstMoment
            && restored.secondMoment == optimizer.secondMoment)
    #expect(restored.weightAverage.isEmpty, "no average kept, none restored")
    // The datasets are plain and named by the parameter names.
    let file = try HDF5File(opening: path)
    #expect(try file.readFloats("parameters/encoder.0.attention.query.weight").shape == [8, 8])
    #expect(try file.numberAttribute("decays", of: "parameters/encoder.0.ffn.in.bias") == 0)
}

@Test func theWeightAverageRoundTripsWithTheOptimizerState() throws {
    let path = temporaryPath("averaged.h5")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let saved = try makeStore(seed: 1)
    let optimizer = try AdamW(store: saved, averageDecay: 0.9)
    for _ in 0..<2 {
        for i in 0..<saved.count { saved.gradients[i] = Float(i % 5) - 2 }
        try optimizer.step()
    }
    try ParameterFile.save(saved, optimizer: optimizer, to: path)
    let restored = try AdamW(store: try makeStore(seed: 99), averageDecay: 0.9)
    try ParameterFile.load(into: restored.store, from: path, optimizer: restored)
    #expect(!optimizer.weightAverage.isEmpty && restored.weightAverage == optimizer.weightAverage)
    // A broken average is refused by name, not restored: a file saved without one, one added.
    try ParameterFile.save(saved, optimizer: try AdamW(store: saved), to: path)
    try HDF5File(opening: path, writable: true).write([Float](repeating: .nan, count: saved.count), shape: [saved.count],
                                                      to: "optimizer/weight_average")
    #expect { try ParameterFile.load(into: try makeStore(seed: 2), from: path, optimizer: try AdamW(store: try makeStore(seed: 2), averageDecay: 0.9)) }
    throws: { "\($0)".contains("averaged.h5") && "\($0)".contains("weight_average holds NaN") }
}

@Test func aMissingTensorIsAnErrorNamingTheFileAndTheTensor() throws {
    let path = temporaryPath("nohead.h5")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try ParameterFile.save(try makeStore(seed: 2, withHead: false), to: path)
    let store = try makeStore(seed: 3)
    let before = Array(store.values)
    #expect {
        try ParameterFile.load(into: store, from: path)
    } throws: { error in
        guard case TensorError.parameterFile(let file, let tensor, let problem) = error else { return false }
        return file == path && tensor == "head.weight" && problem.contains("missing")
    }
    #expect(Array(store.values) == before, "a failed load must leave the store unchanged")
}

@Test func aMisShapedTensorIsAnErrorStatingBothShapes() throws {
    let path = temporaryPath("wide.h5")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try ParameterFile.save(try makeStore(seed: 4, hidden: 16), to: path)
    #expect {
        try ParameterFile.load(into: try makeStore(seed: 5, hidden: 12), from: path)
    } throws: { error in
        let text = String(describing: error)
        return text.contains(path) && text.contains("encoder.0.ffn.in.weight") && text.contains("[16, 8]")
            && text.contains("[12, 8]")
    }
}

@Test func anUnexpectedTensorIsAnErrorUnlessAllowed() throws {
    let path = temporaryPath("extra.h5")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let saved = try makeStore(seed: 6)
    try ParameterFile.save(saved, to: path)
    let smaller = try makeStore(seed: 6, withHead: false)
    #expect { try ParameterFile.load(into: smaller, from: path) } throws: { error in
        String(describing: error).contains("head.") && String(describing: error).contains("not in the model")
    }
    try ParameterFile.load(into: smaller, from: path, allowUnused: true)
    #expect(Array(smaller.values) == Array(saved.values.prefix(smaller.count)))
}

@Test func corruptOrForeignFilesGiveClearErrors() throws {
    let path = temporaryPath("bad.h5")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let store = try makeStore(seed: 7, withHead: false)
    // Not HDF5 at all.
    try "hello".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: TensorError.self) { try ParameterFile.load(into: store, from: path) }
    // HDF5 without a parameters group.
    try FileManager.default.removeItem(atPath: path)
    do { _ = try HDF5File(creating: path) }
    #expect { try ParameterFile.load(into: store, from: path) } throws: { String(describing: $0).contains("not a TwinPeaks") }
    // A NaN in a tensor.
    try FileManager.default.removeItem(atPath: path)
    do {
        let file = try HDF5File(creating: path)
        try ParameterFile.write(store, to: file)
    }
    do {
        // Rewrite one tensor with a NaN by saving a store whose value is NaN.
        let poisoned = try makeStore(seed: 7, withHead: false)
        poisoned.values[0] = .nan
        try FileManager.default.removeItem(atPath: path)
        try ParameterFile.save(poisoned, to: path)
    }
    #expect { try ParameterFile.load(into: store, from: path) } throws: { String(describing: $0).contains("NaN") }
    // A missing file.
    #expect(throws: TensorError.self) { try ParameterFile.load(into: store, from: temporaryPath("none.h5")) }
}
