// The split stage end to end on the planted set: folds table, reports, the family cache reused by a
// second rule, and the audit verdict written into the report.
import Foundation
import Testing
@testable import TwinPeaksSplit

@Test func splitStageWritesFoldsAndReportsAndReusesTheFamilies() throws {
    let planted = PlantedSet(seed: 7)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("twinpeaks-split-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder + "/Reference/domains", withIntermediateDirectories: true)
    // zlib reads a plain file under a .gz name unchanged.
    try planted.domainTable.write(toFile: folder + "/Reference/domains/pdb_chain_domain_summary.tsv.gz", atomically: true, encoding: .utf8)
    var configuration = SplitStage.Configuration()
    configuration.referenceFolder = folder + "/Reference"
    configuration.holdouts = 2
    configuration.hubFraction = 0.15
    configuration.output = folder + "/splits/strict.tsv"
    var messages: [String] = []
    let strict = try SplitStage.run(planted.complexes, configuration: configuration) { messages.append($0) }
    #expect(strict.auditPassed == true)
    #expect(strict.hubFamilies.map(\.family).contains("pfam:PF1000"))
    let folds = try FoldFile.load(folder + "/splits/strict.tsv")
    #expect(folds.folds.map(\.name) == ["strict-0", "strict-1"])
    let json = try Data(contentsOf: URL(fileURLWithPath: folder + "/splits/strict.report.json"))
    #expect(try JSONDecoder().decode(SplitReport.self, from: json).rule == "strict")
    let markdown = try String(contentsOfFile: folder + "/splits/strict.report.md", encoding: .utf8)
    #expect(markdown.contains("Rule: **strict**"))
    #expect(markdown.contains("Audit: **passed**"))
    #expect(!messages.contains { $0.contains("reusing") })

    configuration.rule = .random
    configuration.output = folder + "/splits/random.tsv"
    messages = []
    let random = try SplitStage.run(planted.complexes, configuration: configuration) { messages.append($0) }
    #expect(messages.contains { $0.contains("reusing") })
    #expect(random.auditPassed == false)
    #expect(random.hubFamilies.isEmpty)
}
