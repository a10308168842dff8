// `twinpeaks scan` end to end on a shipped example pair (1BRS, barnase–barstar) and the reference
// model: its table is exactly predict's for the same mutations, the heatmap is well-formed SVG with
// the wild type marked at every position, and the hotspot list ranks by mean ΔΔG.

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

private let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
private func reference(_ path: String) -> String { packageRoot.appendingPathComponent("Reference/" + path).path }

/// The 1BRS pair of the shipped examples as one interleaved FASTA.
private func barnaseBarstar(in folder: String) throws -> String {
    let first = try String(contentsOfFile: reference("examples/partner1.fasta"), encoding: .utf8).split(separator: "\n")
    let second = try String(contentsOfFile: reference("examples/partner2.fasta"), encoding: .utf8).split(separator: "\n")
    let i = first.firstIndex { $0.hasPrefix(">1BRS") }!, j = second.firstIndex { $0.hasPrefix(">1BRS") }!
    let path = folder + "/1brs.fasta"
    try [first[i], first[i + 1], second[j], second[j + 1]].joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// Counts the elements of a parsed XML document by name and class.
private final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        counts[name + (attributes["class"].map { "." + $0 } ?? ""), default: 0] += 1
    }
}

@Test func aScanGivesExactlyPredictsRowsWithAHeatmapAndHotspots() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tp-scan-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let pairs = try barnaseBarstar(in: folder)
    let model = reference("models/twinpeaks-descriptors")
    let scan = try runTwinPeaks(["scan", "--model", model, "--pairs", pairs, "--positions", "A25,B35", "--output", folder + "/scan.tsv",
                                 "--heatmap", folder + "/scan.svg", "--hotspots", folder + "/hotspots.tsv"])
    #expect(scan.status == 0, "\(scan.stderr)")
    let table = try String(contentsOfFile: folder + "/scan.tsv", encoding: .utf8)
    let rows = table.split(separator: "\n").dropFirst(2).map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
    #expect(rows.count == 1 + 2 * 19, "the wild type and 19 substitutions at each of two positions")
    // Barnase K25 of the shipped sequence (partner 1, chain A) and barstar D35 (partner 2, chain B), by hand from the sequences.
    #expect(rows[1][3] == "KA25A" && rows[19][3] == "KA25Y" && rows[20][3] == "DB35A")

    // The same mutations through predict: the same bytes.
    let mutations = folder + "/mutations.tsv"
    try rows.dropFirst().map { "1BRS\t\($0[3])\n" }.joined().write(toFile: mutations, atomically: true, encoding: .utf8)
    let predict = try runTwinPeaks(["predict", "--model", model, "--pairs", pairs, "--mutations", mutations])
    #expect(predict.status == 0, "\(predict.stderr)")
    #expect(predict.stdout == table)

    // The heatmap parses as XML, marks the wild type once per position and has a mean per position.
    let parser = XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: folder + "/scan.svg")))
    let counter = ElementCounter()
    parser.delegate = counter
    #expect(parser.parse(), "\(String(describing: parser.parserError))")
    #expect(counter.counts["svg"] == 1 && counter.counts["rect.wild-type"] == 2 && counter.counts["rect.mean"] == 2)
    let svg = try String(contentsOfFile: folder + "/scan.svg", encoding: .utf8)
    #expect(svg.contains("<title>KA25: wild type</title>") && svg.contains("<title>DB35: wild type</title>"))
    #expect(svg.contains("kcal/mol") && svg.contains("positive = the mutation weakens binding"))

    // Hotspots: both positions, ranked by mean ΔΔG, which is the mean of the table's 19 values (to rounding).
    let hotspots = try String(contentsOfFile: folder + "/hotspots.tsv", encoding: .utf8).split(separator: "\n").dropFirst(2)
        .map { $0.split(separator: "\t").map(String.init) }
    #expect(hotspots.count == 2 && Double(hotspots[0][4])! >= Double(hotspots[1][4])!)
    for line in hotspots {
        let values = rows.dropFirst().filter { $0[3].dropLast().hasSuffix(line[2]) }.map { Double($0[7])! }
        #expect(values.count == 19 && abs(values.reduce(0, +) / 19 - Double(line[4])!) < 0.002)
    }
}
