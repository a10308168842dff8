// `twinpeaks split`: the dataset's complexes → a folds table (complex → fold role) by one rule, with
// a report of sizes, dropped counts, hub families and the leakage audit's figures.
import ArgumentParser
import Foundation
import TwinPeaksBio
import TwinPeaksSplit

struct SplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Split the dataset's complexes into folds that keep protein families apart.",
        discussion: """
        Every chain gets families: its Pfam clans, CATH and SCOPe superfamilies (SIFTS, Reference/domains); \
        chains without annotation (peptides, many antibody chains, full-length UniProt sequences) take them \
        from their MMseqs2 cluster (--identity, --coverage), from the annotated chains they are an exact \
        substring of (peptides) or align to; chains with no annotation anywhere get their cluster as family. \
        Chains similar above --identity over --similar-coverage of the shorter chain but sharing no family \
        are linked. Rules: strict (disjoint hold-outs; a hold-out trains only on complexes sharing no family \
        or link with its validation set, the rest is dropped; hub families held by more than --hub-fraction \
        of the complexes are never validated), pair (complexes linked only when both partners match; linked \
        complexes share a fold), random (the leak), rde-3fold and cath-holdout (the published SKEMPI splits; \
        complexes they do not assign are dropped). Writes OUTPUT (fold, complex_id, role), \
        OUTPUT-stem.report.md and, last, OUTPUT-stem.report.json; families.tsv and families.json beside \
        them cache the families for the next rule. Needs MMseqs2 (Debian package mmseqs2).
        """)

    @OptionGroup var families: FamilyOptions

    @Option(help: "strict, pair, random, rde-3fold or cath-holdout.")
    var rule: String = "strict"

    @Option(help: "Number of hold-outs (strict) or folds (pair, random).")
    var holdouts: Int = 4

    @Option(help: "Seed of every random choice: the same seed gives the same folds.")
    var seed: UInt64 = 1

    @Option(help: "Strict rule: a family held by more than this fraction of the complexes is a hub, never validated.")
    var hubFraction: Double = 0.03

    @Option(help: "Strict rule: a complex whose families fell to several hold-outs is validated where it drops the fewest further complexes, if at most this many; a negative value validates every such complex.")
    var straddlerBudget: Int = 2

    @Flag(help: "Do not audit the folds.")
    var noAudit = false

    @Option(help: "Audit: the highest allowed identity between a validation and a training chain.")
    var maxIdentity: Double = 0.3

    @Option(help: "Audit: the most families validation and training may share.")
    var maxSharedFamilies: Int = 0

    @Option(help: "The folds table to write; reports go beside it.")
    var output: String = "work/splits/strict.tsv"

    @OptionGroup var unrecognized: UnrecognizedArguments

    func validate() throws {
        try unrecognized.validate()
        guard SplitRule(rawValue: rule) != nil else {
            throw ValidationError("--rule must be one of \(SplitRule.allCases.map(\.rawValue).joined(separator: ", ")), got '\(rule)'")
        }
        guard holdouts >= 2 else { throw ValidationError("--holdouts must be at least 2") }
        guard hubFraction > 0, hubFraction <= 1 else { throw ValidationError("--hub-fraction must be in (0, 1]") }
        guard output.hasSuffix(".tsv") else { throw ValidationError("--output must name a .tsv file, e.g. work/splits/strict.tsv") }
    }

    func run() throws {
        let start = Date()
        let complexes = try Dataset.load(from: families.dataset).complexes.map(ComplexChains.init)
        var configuration = SplitStage.Configuration()
        configuration.rule = SplitRule(rawValue: rule)!
        configuration.holdouts = holdouts
        configuration.seed = seed
        configuration.hubFraction = hubFraction
        configuration.straddlerBudget = straddlerBudget < 0 ? nil : straddlerBudget
        configuration.familySources = families.sources
        configuration.familyOptions = families.assignment
        configuration.audit = noAudit ? nil : LeakageAudit.Options(maxIdentity: maxIdentity, maxSharedFamilies: maxSharedFamilies)
        configuration.referenceFolder = families.reference
        configuration.output = output
        configuration.provenance = ["twinpeaks": TwinPeaks.version, "dataset": families.dataset]
        let report = try SplitStage.run(complexes, configuration: configuration, mmseqs: MMseqs(threads: families.threads)) { message in
            FileHandle.standardError.write(Data("split: \(message)\n".utf8))
        }
        var summary = "split: wrote \(output) (\(report.rule), \(report.folds.count) folds) in \(String(format: "%.0f", Date().timeIntervalSince(start))) s\n"
        for fold in report.folds {
            summary += "  \(fold.name): \(fold.validation) validation, \(fold.train) train, \(fold.dropped) dropped"
            if let identity = fold.maxIdentity {
                summary += String(format: "; max identity %.3f, %d shared families, audit %@", identity, fold.sharedFamilies?.count ?? 0,
                                  fold.passed == true ? "pass" : "FAIL")
            }
            summary += "\n"
        }
        if !report.hubFamilies.isEmpty {
            summary += "  hub families (never validated): " + report.hubFamilies.map { "\($0.family)\($0.name.map { " " + $0 } ?? "") (\($0.complexes))" }.joined(separator: ", ") + "\n"
        }
        FileHandle.standardError.write(Data(summary.utf8))
    }
}
