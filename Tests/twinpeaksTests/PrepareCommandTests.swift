// End-to-end tests of `twinpeaks prepare` on the tiny reference folder of the Bio test fixtures.
import Foundation
import Testing

private func scratchDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "twinpeaks-prepare-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Test func prepareWritesTheDatasetAndPrintsTheSummary() throws {
    let output = try scratchDirectory() + "/dataset"
    defer { try? FileManager.default.removeItem(atPath: output) }
    let result = try runTwinPeaks(["prepare", "--reference", tinyReference, "--output", output])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("SKEMPI rows read") && result.stderr.contains("dropped:"))
    #expect(result.stderr.contains("skempi_v2.csv:7: Mutation(s)_PDB: malformed mutation"))
    let files = try FileManager.default.contentsOfDirectory(atPath: output).sorted()
    #expect(files == ["complexes.tsv", "interface.tsv", "mutations.tsv", "provenance.json", "sequences.fasta"])
    let header = try String(contentsOfFile: output + "/complexes.tsv", encoding: .utf8).split(separator: "\n")[0]
    #expect(header.hasPrefix("complex_id\tsource\tpdb\tpartner1_chains\tpartner2_chains"))
}

@Test func prepareStrictStopsWithTheFileAndLine() throws {
    let output = try scratchDirectory() + "/dataset"
    defer { try? FileManager.default.removeItem(atPath: output) }
    let result = try runTwinPeaks(["prepare", "--reference", tinyReference, "--output", output, "--strict"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("skempi_v2.csv:7: Mutation(s)_PDB: malformed mutation 'KA1x1A'"))
    #expect(!FileManager.default.fileExists(atPath: output + "/provenance.json"))
}

@Test func prepareRejectsAMissingReferenceFolder() throws {
    let result = try runTwinPeaks(["prepare", "--reference", "/nonexistent/Reference", "--output", "/tmp/unused"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("/nonexistent/Reference"))
}
