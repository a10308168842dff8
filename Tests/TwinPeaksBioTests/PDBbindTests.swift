// PDBbind affinity cells (every unit, IC50 flagged, relations kept) and the export's CSV quoting.
import Testing
@testable import TwinPeaksBio

@Test func affinitiesConvertEveryUnitToMolar() throws {
    let cases: [(String, AffinityType, Qualifier, Double)] = [
        ("Kd=0.34nM", .kd, .exact, 0.34e-9), ("Ki<10uM", .ki, .lessThan, 10e-6), ("IC50=2.5uM", .ic50, .exact, 2.5e-6),
        ("Kd=100fM", .kd, .exact, 1e-13), ("Kd=5pM", .kd, .exact, 5e-12), ("Kd=1.2mM", .kd, .exact, 1.2e-3),
        ("Kd=2M", .kd, .exact, 2), ("Kd>100uM", .kd, .greaterThan, 1e-4), ("Kd~3nM", .kd, .approximate, 3e-9),
        ("Kd>=1mM", .kd, .greaterThan, 1e-3), ("Ki=4µM", .ki, .exact, 4e-6),
    ]
    for (text, type, qualifier, molar) in cases {
        let affinity = try PDBbindAffinity(parsing: text)
        #expect(affinity.type == type && affinity.molar.qualifier == qualifier, "\(text)")
        #expect(abs(affinity.molar.value / molar - 1) < 1e-12, "\(text)")
    }
    #expect(try PDBbindAffinity(parsing: "IC50=1nM").type.isEquilibriumConstant == false)
}

@Test func unparsableAffinitiesAreErrorsQuotingTheCell() {
    for bad in ["Kd=abcnM", "Kd=1nm", "Kd1nM", "EC50=1nM", "Kd=-1nM", "Kd=nM", ""] {
        #expect(throws: InputError.self, "\(bad)") { try PDBbindAffinity(parsing: bad) }
    }
    #expect { try PDBbindAffinity(parsing: "Kd=1xM") } throws: { "\($0)".contains("'Kd=1xM'") && "\($0)".contains("unit 'xM'") }
}

@Test func exportFieldsHonourCSVQuoting() throws {
    #expect(try PDBbindExport.fields(of: #"1,"a, b",c"#, place: "") == ["1", "a, b", "c"])
    #expect(try PDBbindExport.fields(of: #"x,"say ""hi""",,"#, place: "") == ["x", #"say "hi""#, "", ""])
    #expect(throws: InputError.self) { try PDBbindExport.fields(of: #"1,"open"#, place: "e.csv:3") }
}

@Test func theReferenceExportParsesEveryEntry() throws {
    let export = try PDBbindExport.read(path: ReferenceFiles.path("pdbbind/PDBbind_v2020_PP_pdbbindcn_export.csv"))
    #expect(export.entries.count == 2_849 && export.rejected.isEmpty)
    var forms: [String: Int] = [:]
    for entry in export.entries { forms[entry.affinity.type.rawValue + entry.affinity.molar.qualifier.rawValue, default: 0] += 1 }
    // Staged SOURCES.md: Kd= 2,613, Ki= 169, IC50= 63, Kd< 2, Ki< 1, Kd> 1.
    #expect(forms == ["Kd=": 2_613, "Ki=": 169, "IC50=": 63, "Kd<": 2, "Ki<": 1, "Kd>": 1])
    let partners = try PDBbindPartners.read(path: ReferenceFiles.path("pdbbind/pdbbind_pp_sequences.tsv.gz"))
    #expect(partners.count == 1_924)
    #expect(partners.filter { $0.sequenceType == .atomChain }.count == 1_107)
    #expect(partners.filter { $0.sequenceType == .uniprotFullLength }.count == 817)
}
