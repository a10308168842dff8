// Domain families per chain from the SIFTS summary table, with the chosen classifications.
import Foundation
import Testing
import TwinPeaksBio
@testable import TwinPeaksSplit

let summaryHeader = "pdb\tchain\tin_skempi\tin_pdbbind\tskempi_partner_chain\tpdbbind_partner_chain\tuniprot\tpfam\tpfam_clan_or_family\tcath_superfamilies\tcath_domain_ids\tcath_putative_only\tscope_superfamilies\tscope_families"

// Rows copied from domains/pdb_chain_domain_summary.tsv (1a22 A and B; 1a3b I has no annotation).
let summaryRows = """
1a22\tA\t1\t1\t1\t1\tP01241\tPF00103\tCL0053\t1.20.1250.10\t1a22A00\t0\ta.26.1\ta.26.1.1
1a22\tB\t1\t1\t1\t1\tP10912\tPF00041;PF09067\tCL0159\t2.60.40.10\t1a22B01;1a22B02\t0\tb.1.2\tb.1.2.1
1a3b\tI\t0\t1\t0\t1\tP28504\t\t\t\t\t0\t\t
"""

@Test func chainFamiliesAreNamespacedClansAndSuperfamilies() throws {
    let table = try DomainTable(parsing: summaryHeader + "\n" + summaryRows + "\n", source: "summary.tsv")
    #expect(table.families(pdb: "1A22", chain: "B") == ["cath:2.60.40.10", "pfam:CL0159", "scop:b.1.2"])
    #expect(table.families(pdb: "1a3b", chain: "I").isEmpty)
    #expect(table.families(pdb: "1a22", chain: "b").isEmpty)  // chain ids are case-sensitive
    #expect(table.chains(pdb: "1a22", uniprot: "P10912") == ["B"])
    #expect(table.annotatedChainCount == 2)
}

@Test func calibrationSourcesUsePfamFamiliesAndCATHOnly() throws {
    let table = try DomainTable(parsing: summaryHeader + "\n" + summaryRows, source: "summary.tsv", sources: .calibration)
    #expect(table.families(pdb: "1a22", chain: "B") == ["cath:2.60.40.10", "pfam:PF00041", "pfam:PF09067"])
    #expect(try FamilySources(parsing: "pfam-family,cath") == .calibration)
    #expect(FamilySources.standard.description == "pfam-clan,cath,scop")
    #expect(throws: InputError.self) { try FamilySources(parsing: "ecod") }
}

@Test func domainTableErrorsNameTheLine() {
    #expect(throws: InputError("s.tsv:2", "expected 14 fields, found 3")) {
        try DomainTable(parsing: summaryHeader + "\n1a22\tA\t1\n", source: "s.tsv")
    }
    #expect(throws: InputError("s.tsv:1", "missing column 'scope_superfamilies' in the domain table header")) {
        try DomainTable(parsing: "pdb\tchain\tuniprot\tpfam_clan_or_family\tcath_superfamilies\n", source: "s.tsv")
    }
}

@Test func familyNamesReadTheReferenceTable() throws {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    let names = try FamilyNames.load(url.path + "/Reference/domains/family_names.tsv.gz")
    // Pfam 32.0 clan CL0011 is "Ig"; SCOPe superfamily b.1.1 is "Immunoglobulin".
    #expect(names["pfam:CL0011"] == "Ig")
    #expect(names["scop:b.1.1"] == "Immunoglobulin")
    #expect(names["cath:2.60.40.10"] == nil)
}
