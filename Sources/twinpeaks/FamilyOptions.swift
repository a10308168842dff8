// Options shared by `split` and `audit`: where chain families come from and how MMseqs2 runs.
import ArgumentParser
import TwinPeaksSplit

struct FamilyOptions: ParsableArguments {
    @Option(help: "The dataset folder written by `twinpeaks prepare`.")
    var dataset: String = "work/dataset"

    @Option(help: "The reference folder: domains/pdb_chain_domain_summary.tsv.gz and splits/*.tsv are read from it.")
    var reference: String = "Reference"

    @Option(help: "Domain classifications that make a chain's families, comma-separated: pfam-clan, pfam-family, cath, scop.")
    var families: String = "pfam-clan,cath,scop"

    @Option(help: "Sequence identity (0-1) at which MMseqs2 clusters chains and at which two chains count as similar.")
    var identity: Double = 0.3

    @Option(help: "Alignment coverage (0-1) of both chains for MMseqs2 clustering (cov-mode 0).")
    var coverage: Double = 0.8

    @Option(help: "Coverage (0-1) of the shorter chain for two chains to count as similar.")
    var similarCoverage: Double = 0.5

    @Option(help: "Threads for MMseqs2.")
    var threads: Int = 2

    func validate() throws {
        for (name, value) in [("identity", identity), ("coverage", coverage), ("similar-coverage", similarCoverage)] where !(0...1).contains(value) {
            throw ValidationError("--\(name) must be a fraction between 0 and 1, got \(value)")
        }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        do { _ = try FamilySources(parsing: families) } catch { throw ValidationError("--families: \(error)") }
    }

    var sources: FamilySources { (try? FamilySources(parsing: families)) ?? .standard }

    var assignment: FamilyAssignment.Options {
        var options = FamilyAssignment.Options()
        options.clusterIdentity = identity
        options.clusterCoverage = coverage
        options.linkIdentity = identity
        options.linkCoverage = similarCoverage
        return options
    }
}
