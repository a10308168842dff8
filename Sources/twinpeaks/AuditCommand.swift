// `twinpeaks audit FOLDS`: the leakage audit of a folds table; a table per fold on stdout, and a
// non-zero exit when any fold is above the thresholds.
import ArgumentParser
import Foundation
import TwinPeaksBio
import TwinPeaksSplit

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check that a folds table keeps validation and training apart.",
        discussion: """
        For every fold: the highest sequence identity between any validation chain and any training chain \
        (MMseqs2 easy-search -s 7.5 of validation against training chains, E-value ≤ 1e-3, alignments \
        covering at least half of the shorter chain; chains of 8-29 residues also as exact substrings), and \
        the domain families (and sequence-cluster families) that validation and training complexes share. \
        Prints one row per fold to stdout; exits with status 1 when a fold has an identity above \
        --max-identity or more than --max-shared-families shared families. The families come from \
        families.tsv beside FOLDS when it matches the dataset and options (as `twinpeaks split` leaves it), \
        otherwise they are assigned afresh and cached there.
        """)

    // Every word ArgumentParser does not match lands here (a lone optional argument beside
    // UnrecognizedArguments loses them), so validate() can name an unknown option first.
    @Argument(parsing: .allUnrecognized, help: "The folds table (fold, complex_id, role), e.g. work/splits/strict.tsv.")
    var folds: [String] = []

    @OptionGroup var families: FamilyOptions

    @Option(help: "The highest allowed identity (0-1) between a validation and a training chain.")
    var maxIdentity: Double = 0.3

    @Option(help: "The most families validation and training may share.")
    var maxSharedFamilies: Int = 0

    func validate() throws {
        try UnrecognizedArguments.refuse(folds.filter { $0.hasPrefix("-") })
        guard folds.count == 1 else {
            throw ValidationError("expected one <folds> table, got \(folds.count); see --help for the options")
        }
        guard (0...1).contains(maxIdentity) else { throw ValidationError("--max-identity must be between 0 and 1") }
        guard maxSharedFamilies >= 0 else { throw ValidationError("--max-shared-families must be 0 or more") }
    }

    func run() throws {
        let folds = folds[0]  // validate() checked there is exactly one
        let foldFile = try FoldFile.load(folds)
        let complexes = try Dataset.load(from: families.dataset).complexes.map(ComplexChains.init)
        let folder = URL(fileURLWithPath: folds).deletingLastPathComponent().path
        let mmseqs = MMseqs(threads: families.threads)
        let log = { (message: String) in FileHandle.standardError.write(Data("audit: \(message)\n".utf8)) }
        let (table, _) = try FamilyCache.families(complexes, domainTablePath: families.reference + "/domains/pdb_chain_domain_summary.tsv.gz",
                                                  sources: families.sources, options: families.assignment, folder: folder,
                                                  mmseqs: mmseqs, log: log)
        let audit = try LeakageAudit(folds: foldFile, complexes: complexes, families: table,
                                     options: LeakageAudit.Options(maxIdentity: maxIdentity, maxSharedFamilies: maxSharedFamilies),
                                     mmseqs: mmseqs)
        var out = "fold\tvalidation\ttrain\tdropped\tmax_identity\tclosest_validation_chain\tclosest_training_chain\tshared_families\tverdict\n"
        for fold in audit.folds {
            out += [fold.name, "\(fold.validationCount)", "\(fold.trainCount)", "\(fold.droppedCount)",
                    String(format: "%.3f", fold.maxIdentity), fold.closest?.validationChain ?? "", fold.closest?.trainingChain ?? "",
                    "\(fold.sharedFamilies.count)", fold.passed ? "pass" : "fail"].joined(separator: "\t") + "\n"
        }
        print(out, terminator: "")
        let failed = audit.folds.filter { !$0.passed }
        if failed.isEmpty {
            log("\(folds): all \(audit.folds.count) folds pass (identity ≤ \(maxIdentity), ≤ \(maxSharedFamilies) shared families)")
        } else {
            for fold in failed {
                log("\(folds): fold \(fold.name) fails: identity \(String(format: "%.3f", fold.maxIdentity)) (\(fold.similarValidationChains) validation chains above \(maxIdentity)), \(fold.sharedFamilies.count) shared families\(fold.sharedFamilies.isEmpty ? "" : ": " + fold.sharedFamilies.prefix(10).joined(separator: ", "))")
            }
            throw ExitCode(1)
        }
    }
}
