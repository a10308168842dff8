// The fair-esm .pt → safetensors script (Pipelines/esm2/esm2_pt_to_safetensors.py): its renaming
// turns fair-esm's keys (written here by hand from fair-esm's ESM2 modules) into exactly the names
// convert-esm2 reads, without torch; the whole script runs, into convert-esm2, only where torch
// can be imported (skipped otherwise, and the skip shows in the test output).
import Foundation
import Testing
import TwinPeaksEmbedding

private let script: String = {
    var url = URL(fileURLWithPath: #filePath)
    url.deleteLastPathComponent()
    url.deleteLastPathComponent()
    url.deleteLastPathComponent()
    return url.appendingPathComponent("Pipelines/esm2/esm2_pt_to_safetensors.py").path
}()

/// Runs `python3 -c code` with the script's folder on the path: exit status and stdout.
private func python(_ code: String, arguments: [String] = []) throws -> (status: Int32, stdout: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", code] + arguments
    process.environment = ProcessInfo.processInfo.environment.merging(["PYTHONPATH": (script as NSString).deletingLastPathComponent]) { $1 }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

private let pythonPresent = (try? python("pass").status) == 0
private let torchPresent = (try? python("import torch, safetensors").status) == 0

/// fair-esm's state-dict keys of an ESM-2 with `layers` layers, as its checkpoints store them, with
/// each tensor's shape for width 16, feed-forward 24, 4 heads.
private func fairESMKeys(layers: Int) -> [(name: String, shape: [Int])] {
    let (w, f, v) = (16, 24, 33)
    var keys: [(String, [Int])] = [("encoder.sentence_encoder.embed_tokens.weight", [v, w])]
    for i in 0..<layers {
        let p = "encoder.sentence_encoder.layers.\(i)."
        for projection in ["k_proj", "v_proj", "q_proj", "out_proj"] {
            keys += [(p + "self_attn.\(projection).weight", [w, w]), (p + "self_attn.\(projection).bias", [w])]
        }
        keys += [(p + "self_attn.rot_emb.inv_freq", [2]),
                 (p + "self_attn_layer_norm.weight", [w]), (p + "self_attn_layer_norm.bias", [w]),
                 (p + "fc1.weight", [f, w]), (p + "fc1.bias", [f]), (p + "fc2.weight", [w, f]), (p + "fc2.bias", [w]),
                 (p + "final_layer_norm.weight", [w]), (p + "final_layer_norm.bias", [w])]
    }
    keys += [("encoder.sentence_encoder.emb_layer_norm_after.weight", [w]), ("encoder.sentence_encoder.emb_layer_norm_after.bias", [w]),
             ("encoder.sentence_encoder.contact_head.regression.weight", [1, layers * 4]),
             ("encoder.sentence_encoder.contact_head.regression.bias", [1]),
             ("encoder.lm_head.weight", [v, w]), ("encoder.lm_head.bias", [v]),
             ("encoder.lm_head.dense.weight", [w, w]), ("encoder.lm_head.dense.bias", [w]),
             ("encoder.lm_head.layer_norm.weight", [w]), ("encoder.lm_head.layer_norm.bias", [w])]
    return keys
}

@Test(.enabled(if: pythonPresent, "python3 is not installed"))
func theScriptRenamesEveryFairESMKeyToTheNameConvertESM2Reads() throws {
    let keys = fairESMKeys(layers: 2).map(\.name)
    let result = try python("import sys, esm2_pt_to_safetensors as s\nfor k in sys.argv[1:]: print(k, s.rename(k))", arguments: keys)
    #expect(result.status == 0)
    var renamed: [String: String] = [:]
    for line in result.stdout.split(separator: "\n") {
        let parts = line.split(separator: " ").map(String.init)
        renamed[parts[0]] = parts[1]
    }
    let configuration = try ESM2Configuration(name: "t", layers: 2, width: 16, heads: 4, feedForwardWidth: 24)
    let kept = Set(renamed.values.filter { $0 != "None" })
    #expect(kept == Set(configuration.tensorNames.map(\.name) + ["lm_head.decoder.weight"]),
            "extra: \(kept.subtracting(configuration.tensorNames.map(\.name))); missing: \(Set(configuration.tensorNames.map(\.name)).subtracting(kept))")
    #expect(renamed.filter { $0.value == "None" }.keys.allSatisfy { $0.contains("rot_emb") || $0.contains("contact_head") })
    #expect(renamed.count == keys.count)
}

@Test(.enabled(if: torchPresent, "torch and safetensors cannot be imported: the .pt → safetensors step is untested here"))
func aMadeUpFairESMCheckpointGoesThroughTheScriptAndConvertESM2() throws {
    let scratch = try Scratch()
    let layout = fairESMKeys(layers: 2).map { "(\"\($0.name)\", \($0.shape))" }.joined(separator: ", ")
    // The decoder weight is the embedding tensor itself, as in fair-esm (tied, one storage).
    let make = """
    import sys, torch
    torch.manual_seed(0)
    state = {name: torch.randn(*shape) for name, shape in [\(layout)]}
    state["encoder.lm_head.weight"] = state["encoder.sentence_encoder.embed_tokens.weight"]
    torch.save({"model": state}, sys.argv[1])
    import esm2_pt_to_safetensors as s
    s.main(sys.argv[1], sys.argv[2])
    """
    #expect(try python(make, arguments: [scratch.path("tiny.pt"), scratch.path("tiny.safetensors")]).status == 0)
    let result = try runTwinPeaks(["convert-esm2", "--input", scratch.path("tiny.safetensors"), "--output", scratch.path("tiny.h5"), "--heads", "4"])
    #expect(result.status == 0 && result.stderr.contains("2 layers, width 16, 4 heads"), "\(result.stderr)")
}
