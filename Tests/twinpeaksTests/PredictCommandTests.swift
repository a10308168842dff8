// `twinpeaks predict` end to end on the shipped examples and reference model: the table equals
// the library's predictions, and bad pairs are named while the good ones still come out.

import Foundation
import Testing
import TwinPeaksBio
import TwinPeaksModel

/// The package root, found from this file's path.
private let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
private func reference(_ path: String) -> String { packageRoot.appendingPathComponent("Reference/" + path).path }
private let referenceModel = reference("models/twinpeaks-descriptors")

private func dataRows(_ table: String) -> [[String]] {
    table.split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
}

@Test func predictingTheExamplesGivesTheLibrarysNumbers() throws {
    let result = try runTwinPeaks(["predict", "--model", referenceModel, "--partner1", reference("examples/partner1.fasta"),
                                   "--partner2", reference("examples/partner2.fasta"), "--mutations", reference("examples/mutations.tsv")])
    #expect(result.status == 0, "stderr: \(result.stderr)")
    #expect(result.stdout.hasPrefix("# ΔG in kcal/mol"))
    #expect(result.stdout.contains("positive = the mutation weakens binding"))
    let rows = dataRows(result.stdout)
    #expect(rows.count == 12, "3 wild types and 9 mutants")

    // The same pairs through the library.
    let first = try FASTAFile.read(path: reference("examples/partner1.fasta"))
    let second = try FASTAFile.read(path: reference("examples/partner2.fasta"))
    var byPair: [String: [String]] = [:]
    for line in try String(contentsOfFile: reference("examples/mutations.tsv"), encoding: .utf8).split(separator: "\n").dropFirst() {
        let f = line.split(separator: "\t").map(String.init)
        byPair[f[0], default: []].append(f[1])
    }
    let predictor = try EnsemblePredictor(modelDirectory: referenceModel)
    var expected: [PredictionRow] = []
    for (a, b) in zip(first, second) {
        let id = String(a.header.split(separator: " ")[0])
        expected += try predictor.predict(PredictionPair(id: id, partner1: a, partner2: b, mutations: byPair[id] ?? []))
    }
    #expect(rows.count == expected.count)
    for (row, e) in zip(rows, expected) {
        #expect(row[0] == e.pairID && row[3] == (e.mutations.isEmpty ? "WT" : e.mutations))
        #expect(row[4] == String(format: "%.3f", e.deltaG))
        #expect(row[7] == (e.deltaDeltaG.map { String(format: "%.3f", $0) } ?? ""))
    }
    // ΔG(mutant) = ΔG(wild type) + ΔΔG, within the table's rounding.
    let wildType = Double(rows[0][4])!
    for row in rows[1...3] { #expect(abs(Double(row[4])! - (wildType + Double(row[7])!)) <= 0.0015) }

    // Streamed block by block, the table is byte for byte the one built in memory from the same rows,
    // on stdout and (temporary name, then rename) under --output.
    var inMemory = PredictionTable(format: "tsv")
    inMemory.append(expected)
    #expect(result.stdout == inMemory.text)
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("tp-stream-\(UUID().uuidString).jsonl").path
    defer { try? FileManager.default.removeItem(atPath: output) }
    let streamed = try runTwinPeaks(["predict", "--model", referenceModel, "--partner1", reference("examples/partner1.fasta"),
                                     "--partner2", reference("examples/partner2.fasta"), "--mutations", reference("examples/mutations.tsv"),
                                     "--format", "jsonl", "--output", output])
    #expect(streamed.status == 0 && streamed.stdout.isEmpty, "\(streamed.stderr)")
    var jsonl = PredictionTable(format: "jsonl")
    jsonl.append(expected)
    #expect(try String(contentsOfFile: output, encoding: .utf8) == jsonl.text)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: (output as NSString).deletingLastPathComponent)
    #expect(!leftovers.contains { $0.hasPrefix(".\((output as NSString).lastPathComponent)") && $0.hasSuffix(".tmp") })
}

@Test func badPairsAreNamedAndTheOthersStillComeOut() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tp-predict-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let good = "MKVLAAGIVGLLLAAHSATA"
    let interleaved = """
    >ok
    \(good)
    >ok_mate
    GSHMKTAYIAKQRQISFVKSHFSRQ
    >badresidue
    MKVLBJ
    >badresidue_mate
    \(good)
    >mismatch
    \(good)
    >mismatch_mate
    \(good)
    >pastend
    \(good)
    >pastend_mate
    \(good)
    >lonely
    \(good)

    """
    let pairsPath = directory.appendingPathComponent("pairs.fasta").path
    try interleaved.write(toFile: pairsPath, atomically: true, encoding: .utf8)
    let mutationsPath = directory.appendingPathComponent("mutations.tsv").path
    try "ok\tKA2A\nmismatch\tWA2A\npastend\tKB99A\n".write(toFile: mutationsPath, atomically: true, encoding: .utf8)
    let result = try runTwinPeaks(["predict", "--model", referenceModel, "--pairs", pairsPath, "--mutations", mutationsPath])
    #expect(result.status == 1)
    let rows = dataRows(result.stdout)
    #expect(rows.map(\.first) == ["ok", "ok"], "the good pair and its mutant come out")
    #expect(result.stderr.contains("badresidue") && result.stderr.contains("unknown residue character 'B'"))
    #expect(result.stderr.contains("mismatch") && result.stderr.contains("wild type W"))
    #expect(result.stderr.contains("pastend") && result.stderr.contains("position 99"))
    #expect(result.stderr.contains("no second partner"))

    let empty = directory.appendingPathComponent("empty.fasta").path
    try ">a\n\n>a_mate\nMKV\n".write(toFile: empty, atomically: true, encoding: .utf8)
    let emptyResult = try runTwinPeaks(["predict", "--model", referenceModel, "--pairs", empty])
    #expect(emptyResult.status == 1 && emptyResult.stderr.contains("empty record"))

    let missing = try runTwinPeaks(["predict", "--model", directory.appendingPathComponent("nomodel").path, "--pairs", pairsPath])
    #expect(missing.status != 0 && missing.stderr.contains("nomodel"))
}

@Test func predictReadsPairsFromStandardInput() throws {
    let text = try String(contentsOfFile: reference("examples/partner1.fasta"), encoding: .utf8)
    let first = text.split(separator: "\n").prefix(2).joined(separator: "\n")
    let mate = try String(contentsOfFile: reference("examples/partner2.fasta"), encoding: .utf8).split(separator: "\n").prefix(2).joined(separator: "\n")
    let result = try runTwinPeaks(["predict", "--model", referenceModel, "--pairs", "-", "--mutation", "LB38G", "--format", "jsonl"],
                                  stdin: Data((first + "\n" + mate + "\n").utf8))
    #expect(result.status == 0, "stderr: \(result.stderr)")
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.count == 2)
    let object = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as! [String: Any]
    #expect(object["mutations"] as? String == "LB38G" && object["ddg_kcal_per_mol"] is Double)
}
