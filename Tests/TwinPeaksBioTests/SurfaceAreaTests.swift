// Burial on binding (ΔSASA) by Shrake–Rupley: two atoms against the exact spherical-cap area, and the
// real 1CSE (subtilisin Carlsberg with eglin c) against FreeSASA's Lee–Richards areas with the same
// radii (fixture 1CSE-freesasa-buried.tsv, made with the freesasa Debian package; see its header).
import Foundation
import Testing
@testable import TwinPeaksBio

@Test func aLoneAtomsAreaIsItsWholeSphereAndAPartnerAtomHidesExactlyTheSphericalCap() {
    let (r1, r2, d): (Float, Float, Float) = (1.7, 1.52, 3.5)
    let (big1, big2) = (r1 + SurfaceArea.probeRadius, r2 + SurfaceArea.probeRadius)
    let (unbound, bound) = SurfaceArea.areas(centers: [.zero, SIMD3(d, 0, 0)], radii: [r1, r2], group: [0, 1], evaluated: [0, 1])
    for (area, radius) in zip(unbound, [big1, big2]) {
        #expect(abs(area - 4 * .pi * radius * radius) < 1e-2 * area)
    }
    // The part of sphere 1 inside sphere 2 is a cap of height R1 − x, x = (d² + R1² − R2²) / 2d.
    for (slot, (mine, other)) in [(big1, big2), (big2, big1)].enumerated() {
        let x = (d * d + mine * mine - other * other) / (2 * d)
        let cap = 2 * Float.pi * mine * (mine - x)
        // 960 points of 0.13 Å² each on these spheres: within four points of the exact cap.
        #expect(abs((unbound[slot] - bound[slot]) - cap) < 0.5, "atom \(slot): \(unbound[slot] - bound[slot]) against \(cap)")
    }
    // Atoms of one group hide each other in both states: nothing is buried on binding.
    let same = SurfaceArea.areas(centers: [.zero, SIMD3(d, 0, 0)], radii: [r1, r2], group: [0, 0], evaluated: [0])
    #expect(same.unbound == same.bound && same.unbound[0] < 4 * .pi * big1 * big1 * 0.9)
}

@Test func buriedAreasOf1CSEMatchFreeSASA() throws {
    let (structure, _, interface) = try ReferenceFiles.eglin.get()
    let buried = try #require(interface.buriedArea)
    var expected = [[Float](repeating: 0, count: buried[0].count), [Float](repeating: 0, count: buried[1].count)]
    let fixture = try String(contentsOfFile: ReferenceFiles.fixture("1CSE-freesasa-buried.tsv"), encoding: .utf8)
    for line in fixture.split(separator: "\n").dropFirst(3) {
        let cells = line.split(separator: "\t").map(String.init)
        let side = cells[0] == "E" ? 0 : 1
        let position = try #require(structure.chain(cells[0])?.position(of: ResidueID(Int(cells[1])!)), "\(line)")
        #expect(structure.chain(cells[0])!.residueNames[position - 1] == cells[2])
        expected[side][position - 1] = Float(cells[5])!
    }
    var totals: [Float] = [0, 0], expectedTotals: [Float] = [0, 0]
    for side in 0..<2 {
        for (i, (mine, theirs)) in zip(buried[side], expected[side]).enumerated() {
            // Shrake–Rupley with 960 points against Lee–Richards with 200 slices: a few Å² per residue.
            #expect(abs(mine - theirs) <= 2 + 0.05 * theirs, "partner \(side + 1) residue \(i + 1): \(mine) against FreeSASA's \(theirs)")
            // A residue that loses surface is near the partner; one far from it loses exactly none.
            if interface.minimumDistance[side][i] >= SurfaceArea.occlusionReach { #expect(mine == 0) }
        }
        totals[side] = buried[side].reduce(0, +)
        expectedTotals[side] = expected[side].reduce(0, +)
        #expect(abs(totals[side] - expectedTotals[side]) < 0.01 * expectedTotals[side], "partner \(side + 1): \(totals) against \(expectedTotals)")
    }
    // A standard-size interface buries 1,200–2,000 Å² in all (Lo Conte, Chothia and Janin, J Mol Biol
    // 285:2177, 1999); eglin c's loop, inserted into the active-site cleft, loses more than it hides.
    #expect(totals.reduce(0, +) > 1200 && totals.reduce(0, +) < 2000 && totals[1] > totals[0], "\(totals)")
    // Relative burial is a fraction: eglin c's P1 Leu (SKEMPI position 38) is mostly buried.
    let relative = try #require(interface.relativeBurial(partner: 1, residues: structure.chain("I")!.sequence.map { $0 }))
    #expect(relative.allSatisfy { $0 >= 0 && $0 <= 1 })
    #expect(relative[37] > 0.4, "\(relative[37])")
}

@Test func aTableWithoutBuriedAreasReadsWithoutThemAndABadAreaNamesTheLine() throws {
    let directory = try TemporaryDirectory()
    let complex = ComplexRecord(complexID: "X_A_B", source: .skempi, pdbID: "X",
                                partner1: Partner(chainIDs: "A", chains: ["GS"]), partner2: Partner(chainIDs: "B", chains: ["W"]),
                                sequenceType: .atomChain, affinityType: .kd, deltaG: nil, deltaGStatus: .measured,
                                temperatureKelvin: 298, measurementCount: 1, affinityText: "")
    let interface = ComplexInterface(partner1: [3.2, 20], partner2: [3.2], buriedArea: [[41.5, 0], [88.2]])
    let rows = InterfaceTable.rows(complexID: "X_A_B", interface: interface, partners: (complex.partner1, complex.partner2))
    let path = try directory.write("interface.tsv", InterfaceTable.header + rows)
    #expect(try InterfaceTable.read(path: path, complexes: ["X_A_B": complex])["X_A_B"]?.buriedArea == [[41.5, 0], [88.2]])
    // A table written before the column existed: distances only.
    let old = InterfaceTable.columns.joined(separator: "\t") + "\n"
        + rows.split(separator: "\n").map { $0.split(separator: "\t").dropLast().joined(separator: "\t") }.joined(separator: "\n") + "\n"
    let read = try InterfaceTable.read(path: try directory.write("old.tsv", old), complexes: ["X_A_B": complex])
    #expect(read["X_A_B"]?.buriedArea == nil && read["X_A_B"]?.minimumDistance == [[3.2, 20], [3.2]])
    let bad = try directory.write("bad.tsv", InterfaceTable.header + rows.replacingOccurrences(of: "88.2", with: "-1"))
    let error = #expect(throws: InputError.self) { try InterfaceTable.read(path: bad, complexes: ["X_A_B": complex]) }
    #expect(error.map { "\($0)".contains("bad.tsv:4") && "\($0)".contains("buried_area_a2") } == true, "\(String(describing: error))")
}
