// `train --resume` on checkpoints it must not trip over: a member already at its last epoch is a
// no-op that keeps the finished result; a checkpoint with an impossible epoch, a broken log or a
// broken optimizer state is an error naming the file and what was expected, never a trap.
import Foundation
import Testing
import TwinPeaksEmbedding
import TwinPeaksTensor
@testable import TwinPeaksModel

private func scratch() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("tp-resume-hostile-\(UUID().uuidString)").path
}

@Test func resumingAFinishedMemberKeepsItsResult() throws {
    let directory = scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let finished = try trainer(epochs: 2)
    try finished.train(checkpointDirectory: directory)
    // Every later resume too: the checkpoint stays at the final epoch.
    for _ in 0..<2 {
        let resumed = try trainer(epochs: 2)
        try resumed.train(checkpointDirectory: directory, resume: true)
        #expect(resumed.log == finished.log)
        #expect(resumed.bestEpoch == finished.bestEpoch)
        #expect(Array(resumed.network.store.values) == Array(finished.network.store.values))
    }
}

/// A 2-epoch checkpoint with one metadata attribute replaced, resumed: the error it gives.
private func resumeError(attribute: String, value: String) throws -> String {
    let directory = scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let first = try trainer(epochs: 2)
    first.stopAfterEpoch = 1
    try first.train(checkpointDirectory: directory)
    try HDF5File(opening: directory + "/last.h5", writable: true).setAttribute(attribute, value)
    do {
        try trainer(epochs: 2).train(checkpointDirectory: directory, resume: true)
    } catch {
        return "\(error)"
    }
    return "no error"
}

@Test func aCheckpointWithANegativeEpochIsRefusedByName() throws {
    let message = try resumeError(attribute: "training.epoch", value: "-3")
    #expect(message.contains("last.h5") && message.contains("training.epoch '-3'") && message.contains("expected a whole number of 0 … 2"),
            "\(message)")
    let past = try resumeError(attribute: "training.epoch", value: "9")
    #expect(past.contains("training.epoch '9'"), "\(past)")
}

@Test func aCheckpointWithABrokenTrainingLogIsRefusedByName() throws {
    let message = try resumeError(attribute: "training.log", value: "[{\"epoch\": tru")
    #expect(message.contains("last.h5") && message.contains("training.log") && message.contains("JSON list of epoch records"),
            "\(message)")
}

/// A 1-of-2-epoch checkpoint made by `made`, resumed by `resumed`: the error it gives.
private func resumeMismatch(made: () throws -> Trainer, resumed: () throws -> Trainer) throws -> String {
    let directory = scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let first = try made()
    first.stopAfterEpoch = 1
    try first.train(checkpointDirectory: directory)
    do { try resumed().train(checkpointDirectory: directory, resume: true) } catch { return "\(error)" }
    return "no error"
}

@Test func resumingACheckpointOfAnotherSeedIsRefusedNamingIt() throws {
    let message = try resumeMismatch(made: { try trainer(epochs: 2, seed: 1) }, resumed: { try trainer(epochs: 2, seed: 2) })
    #expect(message.contains("last.h5: --resume refused") && message.contains("training.seed 1 (now 2)"), "\(message)")
}

@Test func resumingACheckpointOfAnotherConfigurationIsRefusedNamingIt() throws {
    let message = try resumeMismatch(made: { try trainer(epochs: 2) }, resumed: {
        var configuration = SyntheticData.configuration(epochs: 2)
        configuration.dropout = 0.3
        let base = try trainer(epochs: 2)
        let t = try Trainer(configuration: configuration, fit: base.fit, earlyStopping: base.earlyStopping,
                            builder: PartnerFeatureBuilder(provider: try DescriptorProvider()), seed: 1)
        t.showProgress = false
        return t
    })
    #expect(message.contains("--resume refused") && message.contains("dropout") && message.contains("(now 0.3)"), "\(message)")
}
