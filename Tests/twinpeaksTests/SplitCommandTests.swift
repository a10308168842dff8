// End-to-end tests of `twinpeaks split` and `twinpeaks audit` on the tiny prepared dataset:
// files written, the audit's exit status, and argument errors.
import Foundation
import Testing

/// A prepared tiny dataset and a reference folder with an empty domain table, in a scratch folder.
private func tinySplitSetup() throws -> (folder: String, dataset: String, reference: String) {
    let folder = NSTemporaryDirectory() + "twinpeaks-split-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder + "/Reference/domains", withIntermediateDirectories: true)
    let header = "pdb\tchain\tin_skempi\tin_pdbbind\tskempi_partner_chain\tpdbbind_partner_chain\tuniprot\tpfam\tpfam_clan_or_family\tcath_superfamilies\tcath_domain_ids\tcath_putative_only\tscope_superfamilies\tscope_families\n"
    try header.write(toFile: folder + "/Reference/domains/pdb_chain_domain_summary.tsv.gz", atomically: true, encoding: .utf8)
    let prepared = try runTwinPeaks(["prepare", "--reference", tinyReference, "--output", folder + "/dataset"])
    #expect(prepared.status == 0, "\(prepared.stderr)")
    return (folder, folder + "/dataset", folder + "/Reference")
}

@Test func splitWritesFoldsAndReportAndAuditAgreesWithIt() throws {
    let (folder, dataset, reference) = try tinySplitSetup()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let output = folder + "/splits/strict.tsv"
    let split = try runTwinPeaks(["split", "--dataset", dataset, "--reference", reference, "--rule", "strict",
                                  "--holdouts", "2", "--hub-fraction", "0.5", "--output", output])
    #expect(split.status == 0, "\(split.stderr)")
    #expect(split.stdout.isEmpty)
    #expect(split.stderr.contains("strict-0:") && split.stderr.contains("audit pass"))
    for file in ["strict.tsv", "strict.report.md", "strict.report.json", "families.tsv", "families.json"] {
        #expect(FileManager.default.fileExists(atPath: folder + "/splits/" + file), "\(file) missing")
    }
    #expect(try String(contentsOfFile: output, encoding: .utf8).hasPrefix("fold\tcomplex_id\trole\n"))
    let audit = try runTwinPeaks(["audit", output, "--dataset", dataset, "--reference", reference])
    #expect(audit.status == 0, "\(audit.stderr)")
    #expect(audit.stdout.hasPrefix("fold\tvalidation\ttrain\tdropped\tmax_identity"))
    #expect(audit.stderr.contains("reusing"))
}

@Test func auditExitsNonZeroWhenAValidationChainIsInTraining() throws {
    let (folder, dataset, reference) = try tinySplitSetup()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // 3abc and 4abc share the chain IVGGY: validating one and training on the other leaks.
    let folds = "fold\tcomplex_id\trole\nleaky\tPDBbind:3abc\tval\nleaky\tPDBbind:4abc\ttrain\nleaky\t1ABC_A_B\ttrain\n"
    try folds.write(toFile: folder + "/leaky.tsv", atomically: true, encoding: .utf8)
    let audit = try runTwinPeaks(["audit", folder + "/leaky.tsv", "--dataset", dataset, "--reference", reference])
    #expect(audit.status == 1)
    #expect(audit.stdout.contains("leaky\t1\t2\t0\t1.000"))
    #expect(audit.stderr.contains("fold leaky fails: identity 1.000"))
}

@Test func splitRejectsAnUnknownRuleAndAuditAMissingDataset() throws {
    let split = try runTwinPeaks(["split", "--rule", "by-magic"])
    #expect(split.status != 0)
    #expect(split.stderr.contains("--rule must be one of strict, pair, random, rde-3fold, cath-holdout"))
    let folder = NSTemporaryDirectory() + "twinpeaks-audit-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "fold\tcomplex_id\trole\nf\tA\tval\nf\tB\ttrain\n".write(toFile: folder + "/f.tsv", atomically: true, encoding: .utf8)
    let audit = try runTwinPeaks(["audit", folder + "/f.tsv", "--dataset", folder + "/nowhere"])
    #expect(audit.status != 0)
    #expect(audit.stderr.contains("provenance.json"))
}
