// The split stage (`twinpeaks split`): families of every chain (cached), folds by one rule, the
// leakage audit of those folds, and the outputs: `NAME.tsv` (folds), `NAME.report.md`, and
// `NAME.report.json` written last (the stage's "done" marker, with the configuration and input keys).
import Foundation
import TwinPeaksBio

public enum SplitStage {
    public struct Configuration: Sendable {
        public var rule: SplitRule = .strict
        /// Hold-outs (strict) or folds (pair, random); published splits bring their own.
        public var holdouts = 4
        public var seed: UInt64 = 1
        public var hubFraction = 0.03
        /// See `StrictHoldouts.Options.straddlerBudget`.
        public var straddlerBudget: Int? = 2
        public var familySources: FamilySources = .standard
        public var familyOptions = FamilyAssignment.Options()
        /// Nil skips the audit.
        public var audit: LeakageAudit.Options? = LeakageAudit.Options()
        /// `Reference/`: `domains/pdb_chain_domain_summary.tsv.gz` and `splits/*.tsv` are read from it.
        public var referenceFolder = "Reference"
        /// The folds table to write (`work/splits/strict.tsv`); the reports sit beside it.
        public var output = "work/splits/strict.tsv"
        /// Extra provenance for the report (tool version, dataset folder).
        public var provenance: [String: String] = [:]

        public init() {}

        var domainTablePath: String { referenceFolder + "/domains/pdb_chain_domain_summary.tsv.gz" }
        var familyNamesPath: String { referenceFolder + "/domains/family_names.tsv.gz" }
        var rdeSplitPath: String { referenceFolder + "/splits/skempi_rde_net_3fold_bycplx.tsv" }
        var cathSplitPath: String { referenceFolder + "/splits/uspddg_cathddg_skempi_complex_splits.tsv" }
        /// The output without `.tsv`: the reports' base name.
        var base: String { output.hasSuffix(".tsv") ? String(output.dropLast(4)) : output }
        var folder: String { URL(fileURLWithPath: output).deletingLastPathComponent().path }
    }

    /// Runs the stage and returns its report (already written).
    @discardableResult
    public static func run(_ complexes: [ComplexChains], configuration c: Configuration, mmseqs: MMseqs = MMseqs(),
                           log: (String) -> Void = { _ in }) throws -> SplitReport {
        let ids = complexes.map(\.id)
        guard Set(ids).count == ids.count else { throw InputError("dataset", "complex ids are not unique") }
        let (families, cache) = try FamilyCache.families(complexes, domainTablePath: c.domainTablePath, sources: c.familySources,
                                                         options: c.familyOptions, folder: c.folder, mmseqs: mmseqs, log: log)
        log("split: rule \(c.rule.rawValue)")
        let split: FoldAssignment
        switch c.rule {
        case .strict:
            var options = StrictHoldouts.Options(holdouts: c.holdouts, hubFraction: c.hubFraction, seed: c.seed)
            options.straddlerBudget = c.straddlerBudget
            split = StrictHoldouts.make(families, options: options)
        case .pair: split = PairRuleFolds.make(families, folds: c.holdouts, seed: c.seed)
        case .random: split = RandomFolds.make(complexIDs: ids, folds: c.holdouts, seed: c.seed)
        case .rde3fold: split = try PublishedSplits.rde3Fold(c.rdeSplitPath, complexIDs: ids)
        case .cathHoldout: split = try PublishedSplits.cathHoldout(c.cathSplitPath, complexIDs: ids)
        }
        for fold in split.folds.folds where fold.validation.isEmpty || fold.train.isEmpty {
            let hint = c.rule == .strict ? "; every complex may carry a hub family: raise --hub-fraction or lower --holdouts" : ""
            throw InputError(fold.name, "the fold has \(fold.validation.count) validation and \(fold.train.count) training complexes; both need at least one\(hint)")
        }
        try split.folds.write(to: c.output)
        var audit: LeakageAudit?
        if let options = c.audit {
            log("audit: \(split.folds.folds.count) folds (MMseqs2 search of validation against training chains per fold)")
            audit = try LeakageAudit(folds: split.folds, complexes: complexes, families: families, options: options, mmseqs: mmseqs)
        }
        var parameters = c.provenance
        parameters["rule"] = c.rule.rawValue
        parameters["seed"] = "\(c.seed)"
        parameters["families"] = "\(c.familySources)"
        parameters["cluster"] = "MMseqs2 easy-cluster --min-seq-id \(c.familyOptions.clusterIdentity) -c \(c.familyOptions.clusterCoverage) --cov-mode 0"
        parameters["similar chains"] = "identity ≥ \(c.familyOptions.linkIdentity) over ≥ \(c.familyOptions.linkCoverage) of the shorter chain, E ≤ \(c.familyOptions.linkEValue)"
        parameters["mmseqs"] = cache.mmseqsVersion
        parameters["families key"] = cache.key
        if c.rule == .strict || c.rule == .pair || c.rule == .random { parameters["folds"] = "\(c.holdouts)" }
        if c.rule == .strict {
            parameters["hub fraction"] = "\(c.hubFraction)"
            parameters["straddler budget"] = c.straddlerBudget.map { "\($0) drops" } ?? "unlimited"
        }
        // Names are a courtesy of the report: a reference folder without them still splits.
        let names = FileManager.default.fileExists(atPath: c.familyNamesPath) ? try FamilyNames.load(c.familyNamesPath) : FamilyNames()
        let report = SplitReport(name: URL(fileURLWithPath: c.base).lastPathComponent, split: split, complexes: complexes.count,
                                 families: cache, audit: audit, parameters: parameters, familyNames: names)
        try report.write(base: c.base)
        return report
    }
}
