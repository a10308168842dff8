// Descriptor tables against values written independently from the publications, and the
// built-in descriptor provider's layout, scaling and flags.
import Testing
import TwinPeaksBio
@testable import TwinPeaksEmbedding

/// Barnase (1BRS chain A, UniProt P00648 mature chain), 110 residues.
let barnase = "AQVINTFDGVADYLQTYHKLPDNYITKSEAQALGWVASKGNLADVAPGKSIGGDIFSNREGKLPGKSGRTWREADINYTSGFRNSDRILYSSDWLIYKTTDHYQTFTKIR"

private func aa(_ letter: Character) -> AminoAcid { AminoAcid(oneLetter: letter)! }

@Test func kyteDoolittleValuesMatchThePublishedTable() {
    // Kyte & Doolittle 1982, Table 2.
    let published: [Character: Double] = ["I": 4.5, "V": 4.2, "L": 3.8, "F": 2.8, "C": 2.5, "M": 1.9, "A": 1.8,
                                          "G": -0.4, "T": -0.7, "S": -0.8, "W": -0.9, "Y": -1.3, "P": -1.6,
                                          "H": -3.2, "E": -3.5, "Q": -3.5, "D": -3.5, "N": -3.5, "K": -3.9, "R": -4.5]
    for (letter, value) in published { #expect(ResidueScales.kyteDoolittle[aa(letter)] == value, "\(letter)") }
    #expect(ResidueScales.kyteDoolittle[.unknown] == nil)
}

@Test func blosum62MatchesThePublishedMatrixAndIsSymmetric() {
    #expect(Blosum62.score(aa("W"), aa("W")) == 11)
    #expect(Blosum62.score(aa("C"), aa("C")) == 9)
    #expect(Blosum62.score(aa("A"), aa("R")) == -1)
    #expect(Blosum62.score(aa("F"), aa("Y")) == 3)
    #expect(Blosum62.score(aa("I"), aa("V")) == 3)
    #expect(Blosum62.score(aa("H"), aa("Y")) == 2)
    #expect(Blosum62.score(aa("P"), aa("W")) == -4)
    #expect(Blosum62.score(aa("D"), aa("L")) == -4)
    #expect(Blosum62.score(aa("S"), aa("A")) == 1)
    // The diagonal of BLOSUM62, read from Henikoff & Henikoff 1992.
    let diagonal: [Character: Int] = ["A": 4, "R": 5, "N": 6, "D": 6, "C": 9, "Q": 5, "E": 5, "G": 6, "H": 8, "I": 4,
                                      "L": 4, "K": 5, "M": 5, "F": 6, "P": 7, "S": 4, "T": 5, "W": 11, "Y": 7, "V": 4]
    for (letter, value) in diagonal { #expect(Blosum62.score(aa(letter), aa(letter)) == value, "\(letter)") }
    for a in AminoAcid.allCases {
        for b in AminoAcid.allCases { #expect(Blosum62.score(a, b) == Blosum62.score(b, a), "\(a) \(b)") }
    }
    #expect(Blosum62.score(.unknown, aa("A")) == 0 && Blosum62.score(.unknown, aa("C")) == -2)
    #expect(Blosum62.row(aa("W")).count == 20)
}

@Test func vhseZScalesVolumeAndChargeMatchThePublishedTables() {
    // Mei et al. 2005, Table I.
    #expect(ResidueScales.vhse.map { $0[aa("A")]! } == [0.15, -1.11, -1.35, -0.92, 0.02, -0.91, 0.36, -0.48])
    #expect(ResidueScales.vhse.map { $0[aa("W")]! } == [1.50, 2.06, 1.79, 0.75, 0.75, -0.13, -1.01, -0.85])
    #expect(ResidueScales.vhse[7][aa("P")] == 3.56)
    #expect(ResidueScales.vhse[3][aa("G")] == 2.28)
    // Sandberg et al. 1998.
    #expect(ResidueScales.zScales.map { $0[aa("A")]! } == [0.24, -2.32, 0.60, -0.14, 1.30])
    #expect(ResidueScales.zScales.map { $0[aa("E")]! } == [3.11, 0.26, -0.11, -3.04, -0.25])
    #expect(ResidueScales.zScales.map { $0[aa("W")]! } == [-4.36, 3.94, 0.59, 3.44, -1.59])
    // Zamyatnin 1972, Å³.
    #expect(ResidueScales.volume[aa("G")] == 60.1)
    #expect(ResidueScales.volume[aa("A")] == 88.6)
    #expect(ResidueScales.volume[aa("W")] == 227.8)
    #expect(ResidueScales.volume[aa("R")] == 173.4)
    #expect(ResidueScales.charge[aa("D")] == -1 && ResidueScales.charge[aa("K")] == 1)
    #expect(ResidueScales.charge[aa("H")] == 0 && ResidueScales.charge[aa("A")] == 0)
}

@Test func defaultDescriptorsHave58ColumnsInBlockOrder() throws {
    let provider = try DescriptorProvider()
    #expect(provider.dimension == 58)
    #expect(provider.columnNames.count == 58)
    #expect(provider.columnNames.first == "onehot_A" && provider.columnNames.last == "chain_start")
    #expect(Set(provider.columnNames).count == 58)
}

@Test func everyScaledColumnHasMeanZeroAndUnitSpreadOverTheTwentyResidues() throws {
    let provider = try DescriptorProvider(blocks: [.blosum62, .vhse, .zScales, .hydropathy, .charge, .volume])
    let rows = provider.features(for: AminoAcid.standard)
    for column in 0..<provider.dimension {
        let values = (0..<20).map { Double(rows[$0 * provider.dimension + column]) }
        let mean = values.reduce(0, +) / 20
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20
        #expect(abs(mean) < 1e-5 && abs(variance - 1) < 1e-4, "\(provider.columnNames[column])")
    }
}

@Test func hydropathyColumnIsTheStandardisedKyteDoolittleValue() throws {
    let provider = try DescriptorProvider(blocks: [.hydropathy])
    let published = [1.8, 2.5, -3.5, -3.5, 2.8, -0.4, -3.2, 4.5, -3.9, 3.8, 1.9, -3.5, -1.6, -3.5, -4.5, -0.8, -0.7, 4.2, -0.9, -1.3]
    let mean = published.reduce(0, +) / 20  // -0.49
    let sd = (published.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20).squareRoot()
    let isoleucine = provider.features(for: [aa("I")])[0]
    #expect(abs(Double(isoleucine) - (4.5 - mean) / sd) < 1e-6)
    #expect(abs(mean - -0.49) < 1e-12)
}

@Test func barnaseDescriptorsRecoverTheSequenceAndFlagTheChainStart() throws {
    let provider = try DescriptorProvider()
    let residues = try residues(of: barnase, record: "barnase")
    let matrix = provider.features(for: residues)
    let d = provider.dimension
    #expect(matrix.count == 110 * d)
    let start = provider.columnNames.firstIndex(of: "chain_start")!
    let unknown = provider.columnNames.firstIndex(of: "unknown")!
    var decoded = ""
    for i in 0..<110 {
        let oneHot = Array(matrix[(i * d)..<(i * d + 20)])
        #expect(oneHot.reduce(0, +) == 1)
        decoded.append(AminoAcid.standard[oneHot.firstIndex(of: 1)!].oneLetter)
        #expect(matrix[i * d + start] == (i == 0 ? 1 : 0))
        #expect(matrix[i * d + unknown] == 0)
    }
    #expect(decoded == barnase)
}

@Test func unknownResidueIsAllZeroExceptItsFlag() throws {
    let provider = try DescriptorProvider()
    let matrix = provider.features(for: [aa("A"), .unknown])
    let row = Array(matrix[58..<116])
    let unknown = provider.columnNames.firstIndex(of: "unknown")!
    #expect(row[unknown] == 1)
    #expect(row.enumerated().allSatisfy { $0.offset == unknown || $0.element == 0 })
}

@Test func blockListsAreParsedAndBadOnesAreRejected() throws {
    let provider = try DescriptorProvider(parsing: "onehot, hydropathy,chain_start")
    #expect(provider.blocks == [.oneHot, .hydropathy, .chainStart])
    #expect(provider.dimension == 22)
    #expect(try DescriptorProvider(parsing: "default").dimension == 58)
    #expect(throws: InputError.self) { try DescriptorProvider(parsing: "onehot,esm") }
    #expect(throws: InputError.self) { try DescriptorProvider(parsing: "onehot,onehot") }
    #expect(throws: InputError.self) { try DescriptorProvider(blocks: []) }
}

@Test func emptyChainGivesAnEmptyMatrix() throws {
    #expect(try DescriptorProvider().features(for: []).isEmpty)
}
