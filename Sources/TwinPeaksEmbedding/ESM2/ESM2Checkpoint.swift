// The converter behind `twinpeaks convert-esm2`: a Hugging Face safetensors checkpoint of
// ESM-2 (facebook/esm2_*, EsmForMaskedLM or EsmModel) → one TwinPeaks parameter file (HDF5,
// ParameterFile's layout, Hugging Face tensor names) with the model's shape as root attributes.
// The shape is read from the tensors; the head count, which no tensor shows, from the
// published sizes or the caller. Every required tensor must be present with its exact shape.

import Foundation
import TwinPeaksBio
import TwinPeaksTensor

public enum ESM2Checkpoint {
    public struct Conversion: Sendable {
        public var configuration: ESM2Configuration
        /// Tensors in the file that the model does not use (rotary frequencies, position ids,
        /// the contact head, the tied decoder weight).
        public var skipped: [String]
        public var sourceDataTypes: [String]
    }

    /// Reads `input` (safetensors), checks it and writes `output` (HDF5, through a temporary file).
    /// `name` and `heads` override what the published sizes say.
    @discardableResult
    public static func convert(safetensors input: String, output: String, name: String? = nil,
                               heads: Int? = nil) throws -> Conversion {
        let file = try SafetensorsFile(path: input)
        let (model, conversion) = try read(file, name: name, heads: heads)
        var metadata = conversion.configuration.metadata
        metadata["source_file"] = (input as NSString).lastPathComponent
        metadata["source_dtypes"] = conversion.sourceDataTypes.joined(separator: ",")
        do {
            try ParameterFile.save(model.parameters, metadata: metadata, to: output)
        } catch let error as TensorError {
            throw InputError(output, "cannot write the parameter file: \(error)")
        }
        return conversion
    }

    /// The model a safetensors file holds.
    public static func read(_ file: SafetensorsFile, name: String? = nil, heads: Int? = nil) throws
        -> (model: ESM2Model, conversion: Conversion) {
        let path = file.path
        // EsmModel checkpoints name their tensors without the "esm." of EsmForMaskedLM.
        let bare = file.entry(named: ESM2Configuration.embeddingName) == nil
            && file.entry(named: "embeddings.word_embeddings.weight") != nil
        func sourceName(_ name: String) -> String {
            bare && name.hasPrefix("esm.") ? String(name.dropFirst(4)) : name
        }
        func entry(_ name: String) throws -> SafetensorsFile.Entry {
            guard let entry = file.entry(named: sourceName(name)) else {
                throw InputError("\(path): tensor \(sourceName(name))", "missing: an ESM-2 checkpoint (Hugging Face facebook/esm2_*) has it")
            }
            return entry
        }
        let embedding = try entry(ESM2Configuration.embeddingName)
        guard embedding.shape.count == 2 else {
            throw InputError("\(path): tensor \(embedding.name)", "shape \(embedding.shape), expected [vocabulary, width]")
        }
        let (vocabulary, width) = (embedding.shape[0], embedding.shape[1])
        var layers = 0
        while file.entry(named: sourceName(ESM2Configuration.layerPrefix(layers) + "attention.self.query.weight")) != nil { layers += 1 }
        guard layers > 0 else {
            throw InputError("\(path): tensor \(sourceName(ESM2Configuration.layerPrefix(0) + "attention.self.query.weight"))",
                             "missing: no encoder layers found")
        }
        let intermediate = try entry(ESM2Configuration.layerPrefix(0) + "intermediate.dense.weight")
        guard intermediate.shape.count == 2, intermediate.shape[1] == width else {
            throw InputError("\(path): tensor \(intermediate.name)", "shape \(intermediate.shape), expected [feed-forward width, \(width)]")
        }
        let published = ESM2Configuration.published.first { $0.layers == layers && $0.width == width }
        guard let headCount = heads ?? published?.heads else {
            throw InputError(path, "\(layers) layers of width \(width) is not a published ESM-2 size, so the number of "
                             + "attention heads is unknown: give it (--heads)")
        }
        let hasHead = file.entry(named: "lm_head.dense.weight") != nil
        let configuration = try ESM2Configuration(
            name: name ?? published?.name ?? "esm2_t\(layers)_w\(width)", layers: layers, width: width, heads: headCount,
            feedForwardWidth: intermediate.shape[0], vocabularySize: vocabulary, hasLanguageModelHead: hasHead)
        let model = try ESM2Model(configuration: configuration)
        var used = Set<String>()
        for tensor in configuration.tensorNames {
            let source = try entry(tensor.name)
            guard source.shape == tensor.shape else {
                throw InputError("\(path): tensor \(source.name)", "shape \(source.shape), expected \(tensor.shape) for \(configuration)")
            }
            let values = try file.floats(source.name).values
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw InputError("\(path): tensor \(source.name)", "value \(bad) is \(values[bad]); expected finite numbers")
            }
            try model.parameters.setValue(model.parameters.parameter(named: tensor.name)!,
                                          Tensor(shape: tensor.shape, values: values))
            used.insert(source.name)
        }
        // ESM-2 ties the decoder to the token embeddings; a checkpoint that stores it must agree.
        if file.entry(named: "lm_head.decoder.weight") != nil {
            let decoder = try file.floats("lm_head.decoder.weight"), table = try file.floats(embedding.name)
            guard decoder.shape == table.shape, decoder.values == table.values else {
                throw InputError("\(path): tensor lm_head.decoder.weight", "differs from \(embedding.name); ESM-2 ties the two "
                                 + "(shape \(decoder.shape), expected the embeddings' \(table.shape) values)")
            }
        }
        let skipped = file.entries.map(\.name).filter { !used.contains($0) }
        let types = Set(file.entries.filter { used.contains($0.name) }.map(\.dataType.rawValue)).sorted()
        return (model, Conversion(configuration: configuration, skipped: skipped, sourceDataTypes: types))
    }
}

