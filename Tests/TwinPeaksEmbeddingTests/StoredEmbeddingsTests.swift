// Reading a finished store back by sequence, as the model does.
import Testing
import TwinPeaksBio
@testable import TwinPeaksEmbedding

@Test func storedEmbeddingsReturnWhatTheStageStoredLookedUpBySequence() throws {
    let dir = TemporaryDirectory()
    let provider = try DescriptorProvider()
    let targets = ["MKVLA", "GSHMWE", barnase].map { target($0) }
    _ = try EmbedStage(targets: targets, provider: provider, storage: .float32, output: dir.file("e.h5"), layer: 0,
                       inputHash: "h", version: "test").run()
    let stored = try StoredEmbeddings(path: dir.file("e.h5"))
    #expect(stored.name == "descriptors" && stored.dimension == 58 && stored.configuration == provider.configuration)
    // The store's keys are MD5 digests: md5sum's, written independently in ImportTests.
    #expect(stored.contains(sequence: "gshmwe") && !stored.contains(sequence: "PEPTIDEK"))
    let chain = try residues(of: barnase, record: "barnase")
    #expect(try stored.features(for: chain) == provider.features(for: chain))
    #expect { try stored.features(forSequence: "PEPTIDEK") } throws: { "\($0)".contains(knownMD5["PEPTIDEK"]!) }
}

@Test func aStoreWithoutProvenanceIsNotAcceptedAsFinished() throws {
    let dir = TemporaryDirectory()
    do { _ = try EmbeddingStore(creating: dir.file("bare.h5"), storage: .float32) }
    #expect { try StoredEmbeddings(path: dir.file("bare.h5")) } throws: { "\($0)".contains("provenance") }
}
