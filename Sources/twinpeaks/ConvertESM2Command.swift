// `twinpeaks convert-esm2`: a Hugging Face ESM-2 safetensors checkpoint → one TwinPeaks
// parameter file (HDF5) that `twinpeaks embed --provider esm2 --weights` reads.
import ArgumentParser
import Foundation
import TwinPeaksBio
import TwinPeaksEmbedding

struct ConvertESM2: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert-esm2",
        abstract: "Convert ESM-2 weights (Hugging Face safetensors) into one TwinPeaks parameter file (HDF5).",
        discussion: """
        Reads model.safetensors of a Hugging Face facebook/esm2_* model (F32, F16 or BF16), checks that every \
        tensor of the encoder (and of the language-model head, when present) is there with its shape, and \
        writes the weights as float32 under their Hugging Face names with the model's name, layer count, \
        width and heads as attributes. A fair-esm .pt file is converted to safetensors first with \
        Pipelines/esm2/esm2_pt_to_safetensors.py (see the README). A missing, misshapen or truncated \
        tensor is an error naming the file and tensor.
        """)

    @Option(help: "The safetensors checkpoint (e.g. model.safetensors of facebook/esm2_t12_35M_UR50D).")
    var input: String?

    @Option(help: "The parameter file to write (HDF5).")
    var output: String?

    @Option(help: "Model name recorded in the file (default: the published name for the checkpoint's size).")
    var name: String?

    @Option(help: "Attention heads (default: 20, or 40 for the 3B and 15B models; needed for unpublished sizes).")
    var heads: Int?

    @OptionGroup var unrecognized: UnrecognizedArguments

    func validate() throws {
        try unrecognized.validate()
        _ = try UnrecognizedArguments.required(input, "--input <safetensors file>")
        _ = try UnrecognizedArguments.required(output, "--output <parameter file>")
        if let heads, heads < 1 { throw ValidationError("--heads must be at least 1.") }
    }

    func run() throws {
        let input = try UnrecognizedArguments.required(input, "--input <safetensors file>")
        let output = try UnrecognizedArguments.required(output, "--output <parameter file>")
        do {
            let conversion = try ESM2Checkpoint.convert(safetensors: input, output: output, name: name, heads: heads)
            let skipped = conversion.skipped.isEmpty ? "" : "; not used: \(conversion.skipped.count) tensors ("
                + conversion.skipped.prefix(4).joined(separator: ", ") + (conversion.skipped.count > 4 ? ", …)" : ")")
            FileHandle.standardError.write(Data("convert-esm2: \(conversion.configuration) from \(conversion.sourceDataTypes.joined(separator: "/")) → \(output)\(skipped)\n".utf8))
        } catch let error as InputError {
            FileHandle.standardError.write(Data("twinpeaks convert-esm2: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
