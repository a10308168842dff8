// Round trips through the embedding store: exact in float32, within half-precision rounding in
// float16, attributes and keys preserved, and errors that name the key.
import Foundation
import Testing
import TwinPeaksBio
import TwinPeaksTensor
@testable import TwinPeaksEmbedding

/// Deterministic pseudo-random values (SplitMix64), spread over several orders of magnitude.
func seededValues(_ count: Int, seed: UInt64) -> [Float] {
    var state = seed
    return (0..<count).map { _ in
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        let unit = Float(z >> 40) / Float(1 << 24)  // [0, 1)
        return (unit - 0.5) * 8
    }
}

@Test func float32StoreRoundTripsValuesAndAttributesExactly() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("e.h5")
    let values = seededValues(300 * 37, seed: 1)
    let attributes = EmbeddingAttributes(sequence: String(repeating: "ACDEFGHIKL", count: 30), identifier: "chain A",
                                         provider: "test", dimension: 37, layer: 33)
    do {
        let store = try EmbeddingStore(creating: path, storage: .float32)
        try store.write("k1", values: values, length: 300, attributes: attributes)
        try store.write("k2", values: [1, 2], length: 1, attributes: EmbeddingAttributes(
            sequence: "A", identifier: "a", provider: "test", dimension: 2, layer: -1))
    }
    let store = try EmbeddingStore(opening: path)
    #expect(store.storage == .float32)
    #expect(try store.keys() == ["k1", "k2"])
    let (length, dimension, read) = try store.read("k1")
    #expect(length == 300 && dimension == 37)
    #expect(read == values)
    #expect(try store.attributes(of: "k1") == attributes)
    #expect(try store.attributes(of: "k2").layer == -1)
    #expect(store.contains("k2") && !store.contains("k3"))
}

@Test func float16StoreKeepsValuesWithinHalfPrecisionRounding() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("h.h5")
    let values = seededValues(250 * 64, seed: 2) + [Float](repeating: 0.5, count: 60) + [0, 1, -2.5, 65504]
    do {
        let store = try EmbeddingStore(creating: path, storage: .float16)
        try store.write("k", values: values, length: 251, attributes: EmbeddingAttributes(
            sequence: "X", identifier: "x", provider: "test", dimension: 64, layer: 0))
    }
    let store = try EmbeddingStore(opening: path)
    #expect(store.storage == .float16)
    #expect(try store.file.floatByteWidth(of: "k") == 2)
    let read = try store.read("k").values
    var worst: Float = 0
    for (a, b) in zip(values, read) {
        // Round to nearest in half precision: relative error at most 2^-11, absolute 2^-25 near zero.
        let bound = max(abs(a) * 0.00048828125, 2.9802322e-8)
        worst = max(worst, abs(a - b) / bound)
        #expect(abs(a - b) <= bound, "\(a) read back as \(b)")
    }
    #expect(worst > 0)  // values were actually rounded
    #expect(Array(read.suffix(4)) == [0, 1, -2.5, 65504])
}

@Test func datasetsAreChunkedAlongTheChainAndCompressed() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("c.h5")
    let provider = try DescriptorProvider()
    let chain = try residues(of: String(repeating: barnase, count: 20), record: "long")
    let matrix = provider.features(for: chain)
    do {
        let store = try EmbeddingStore(creating: path, storage: .float32)
        try store.write("k", values: matrix, length: chain.count, attributes: EmbeddingAttributes(
            sequence: "", identifier: "", provider: "descriptors", dimension: 58, layer: 0))
    }
    let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
    #expect(size < matrix.count * 4 / 4, "descriptor rows repeat, so deflate shrinks them at least 4×; file is \(size) bytes")
    #expect(try EmbeddingStore(opening: path).read("k").values == matrix)
}

@Test func storeErrorsNameTheKey() throws {
    let dir = TemporaryDirectory()
    let store = try EmbeddingStore(creating: dir.file("e.h5"), storage: .float32)
    let attributes = EmbeddingAttributes(sequence: "AC", identifier: "x", provider: "t", dimension: 3, layer: 0)
    #expect(throws: InputError.self) { try store.write("k", values: [1, 2, 3], length: 2, attributes: attributes) }
    try store.write("k", values: [1, 2, 3, 4, 5, 6], length: 2, attributes: attributes)
    #expect(throws: InputError.self) { try store.write("k", values: [1, 2, 3, 4, 5, 6], length: 2, attributes: attributes) }
    #expect(throws: InputError.self) { try store.write("a/b", values: [1, 2, 3], length: 1, attributes: attributes) }
    do {
        _ = try store.read("missing")
        Issue.record("reading a missing key must fail")
    } catch let error as InputError {
        #expect(error.description.contains("missing"))
    }
}

@Test func aNumberAttributeThatIsNoWholeNumberIsAnErrorNamingTheKey() throws {
    // Found by `make fuzz` (hdf5): a damaged store's 'dimension' of −1e300 trapped in Int(_:).
    let dir = TemporaryDirectory()
    let path = dir.file("damaged.h5")
    do {
        let store = try EmbeddingStore(creating: path, storage: .float32)
        try store.write("k", values: [1, 2], length: 1, attributes: EmbeddingAttributes(
            sequence: "A", identifier: "a", provider: "test", dimension: 2, layer: 0))
    }
    for bad in [-1e300, .nan, 2.5, 1e18] {
        do { try EmbeddingStore(opening: path, writable: true).file.setAttribute("dimension", bad, on: "k") }
        let store = try EmbeddingStore(opening: path)
        let error = #expect(throws: InputError.self) { try store.attributes(of: "k") }
        #expect(error.map { "\($0)".contains("key k") && "\($0)".contains("'dimension'") && "\($0)".contains("whole number") } == true,
                "\(bad): \(String(describing: error))")
    }
    // A root number that is no whole number reads as its decimal text, not a trap.
    do { try EmbeddingStore(opening: path, writable: true).file.setAttribute("version", 1e300) }
    #expect(try EmbeddingStore(opening: path).metadata("version") == String(1e300))
}
