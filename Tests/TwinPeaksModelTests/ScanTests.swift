// Saturation-scan pieces without a model: --positions parsing (errors name the bad token), the
// single mutants a scan asks for, the hotspot ranking and the heatmap's colour scale, each checked
// against values written out by hand.

import Testing
import TwinPeaksBio
@testable import TwinPeaksModel

@Test func positionErrorsNameTheBadToken() {
    for (text, token) in [("A10-40,C5", "'C5'"), ("A10-40,Bx", "'Bx'"), ("A40-10", "'A40-10'"), ("A0", "'A0'"), ("A10,", "''")] {
        #expect {
            try ScanPositions(parsing: text)
        } throws: { error in
            "\(error)".contains(token) && "\(error)".contains("--positions")
        }
    }
}

@Test func aScanAsksForNineteenSubstitutionsPerPositionInPartnerOrder() throws {
    let a = FASTARecord(header: "p", chains: ["MKX"]), b = FASTARecord(header: "q chains=HL", chains: ["GS", "W"])
    let sets = try ScanPositions(parsing: "B3,A2-3,A2").mutationSets(partner1: a, partner2: b, pair: "p")
    // A2 (K) only: A3 is X (no wild type to substitute); B3 is W, residue 1 of declared chain L.
    #expect(sets.count == 38)
    #expect(sets[0] == "KA2A" && sets[18] == "KA2Y" && !sets.contains("KA2K"))
    #expect(sets[19] == "WL1A" && sets.last == "WL1Y")
    #expect(try ScanPositions.all.mutationSets(partner1: a, partner2: FASTARecord(header: "q", chains: ["GS", "W"]), pair: "p").count
            == 19 * 5)
    // Undeclared partners of several chains count B positions across their chains, as predict reads them.
    #expect(try ScanPositions(parsing: "B3").mutationSets(partner1: a, partner2: FASTARecord(header: "q", chains: ["GS", "W"]), pair: "p")[0]
            == "WB3A")
    #expect(throws: InputError.self) { try ScanPositions(parsing: "A4").mutationSets(partner1: a, partner2: b, pair: "p") }
}

@Test func hotspotsRankPositionsByMeanDeltaDeltaG() {
    var summary = ScanSummary()
    // Means: A1 (1 + 3)/2 = 2, A2 (−1 + 0)/2 = −0.5, B7 (4 + 1)/2 = 2.5.
    for (m, v) in [("KA1A", 1.0), ("KA1G", 3.0), ("SA2A", -1.0), ("SA2G", 0.0), ("DB7A", 4.0), ("DB7G", 1.0)] {
        summary.add(pairID: "x", mutations: m, deltaDeltaG: v)
    }
    summary.add(pairID: "x", mutations: "", deltaDeltaG: nil)  // the wild-type row
    let lines = HotspotList.tsv(summary, top: 2).split(separator: "\n").map(String.init)
    #expect(lines[0].contains("positive = the mutation weakens binding") && lines[0].contains("kcal/mol"))
    #expect(lines.count == 4)
    #expect(lines[2] == "x\t1\tB7\tD\t2.500\t4.000\tA\t2")
    #expect(lines[3] == "x\t2\tA1\tK\t2.000\t3.000\tG\t2")
}

@Test func heatmapColoursRunBlueThroughWhiteToRed() {
    #expect(ScanHeatmap.colour(2, limit: 2) == "#ff0000")
    #expect(ScanHeatmap.colour(5, limit: 2) == "#ff0000")
    #expect(ScanHeatmap.colour(0, limit: 2) == "#ffffff")
    #expect(ScanHeatmap.colour(-2, limit: 2) == "#0000ff")
    #expect(ScanHeatmap.colour(1, limit: 2) == "#ff8080")
}
