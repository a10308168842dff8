// Small HDF5 seeds for the hdf5 target, written by TwinPeaks' own writers (the shipped model files
// are megabytes, too large for the fuzzer to mutate usefully): a parameter file and two embedding stores.
import Foundation
import TwinPeaksBio
import TwinPeaksEmbedding
import TwinPeaksTensor

enum HDF5Seeds {
    static func write(to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var generator = SeededGenerator(seed: 1)
        let store = ParameterStore()
        try store.register("encoder.0.weight", shape: [3, 2], decays: true, initialization: .normal(standardDeviation: 0.02), using: &generator)
        try store.register("head.bias", shape: [2], decays: false, initialization: .zeros, using: &generator)
        try ParameterFile.save(store, metadata: ["configuration": "{}", "training.epoch": "1"], to: directory + "/parameters.h5")

        for (name, storage) in [("embeddings-float32.h5", HDF5FloatStorage.float32), ("embeddings-float16.h5", .float16)] {
            let embeddings = try EmbeddingStore(creating: directory + "/" + name, storage: storage)
            for sequence in ["ACDEFGHIK", "LMNPQRSTVWY"] {
                let values = (0..<(sequence.count * 3)).map { Float($0) / 10 }
                try embeddings.write(MD5.sequenceKey(sequence), values: values, length: sequence.count,
                                     attributes: EmbeddingAttributes(sequence: sequence, identifier: "p", provider: "seed", dimension: 3, layer: -1))
            }
            embeddings.flush()
        }
    }
}
