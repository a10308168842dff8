// `twinpeaks scan`: saturation mutagenesis of chosen positions of either partner (every position of
// both by default): each position to the 19 other standard residues, predicted as `predict` would
// predict those single mutants, plus a position × residue heatmap (SVG) and the hotspot candidates.
import ArgumentParser
import Foundation
import TwinPeaksBio
import TwinPeaksModel
import TwinPeaksSplit

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Saturation mutagenesis: the ΔΔG of every substitution at chosen positions of a pair, with a heatmap and hotspot list.",
        discussion: """
        Each chosen position is mutated to each of the 19 other standard residues, one at a time, and \
        every single mutant is predicted exactly as `twinpeaks predict --mutation` predicts it (same \
        numbers, same table). Pairs come as in predict (--partner1/--partner2 or --pairs). \
        --positions picks residues by partner, A = partner 1 and B = partner 2 whatever their chains \
        are called, counting across a partner's chains: A10-40,B5 is positions 10 to 40 of partner 1 \
        and 5 of partner 2; without it every position of both partners is scanned (19 × (L1 + L2) \
        mutants per pair). Residues written X are skipped. The table names each mutant with the \
        partner's own chain letters (KA25A). Partners longer than the model's residue budget are \
        read in fixed tiles as in predict: each mutant on the tile nearest its own position, so a \
        mutant's ΔΔG is the same scanned alone or in any scan.

        --heatmap writes an SVG per run, one panel per pair: a column per position, a row per \
        substituted residue, a bottom row with the position's mean; colour = predicted ΔΔG in \
        kcal/mol (ΔΔG = ΔG(mutant) − ΔG(wild type); red = positive = weakens binding, blue = \
        strengthens), the wild-type cell grey with a dot. --hotspots writes a TSV of the --top \
        positions per pair by mean ΔΔG (hotspot candidates: where most substitutions weaken binding).

        Examples:
          twinpeaks scan --pairs pair.fasta --positions A20-60 --output scan.tsv --heatmap scan.svg --hotspots hotspots.tsv
          twinpeaks scan --pairs pair.fasta --shard 3/8 --output scan.tsv      (one array task)
          twinpeaks scan --merge-shards 8 --output scan.tsv --heatmap scan.svg --hotspots hotspots.tsv
        Shards hold the table only; the heatmap and hotspots are made when the shards are merged.
        """)

    @OptionGroup var common: PairPredictionOptions

    @Option(help: "Positions to scan: A<n> or A<first>-<last> for partner 1, B… for partner 2, comma-separated (e.g. A10-40,B5). Default: every position of both partners.")
    var positions: String?

    @Option(help: "Write the position × residue heatmap of predicted ΔΔG here (SVG).")
    var heatmap: String?

    @Option(help: "Write the hotspot candidates here (TSV): the --top positions per pair ranked by mean predicted ΔΔG.")
    var hotspots: String?

    @Option(help: "Positions per pair in the --hotspots list.")
    var top: Int = 20

    func validate() throws {
        if let positions {
            do { _ = try ScanPositions(parsing: positions) } catch let error as InputError { throw ValidationError(error.description) }
        }
        guard top >= 1 else { throw ValidationError("--top \(top): expected at least 1 position") }
        if common.mergeShards != nil, positions != nil {
            throw ValidationError("--merge-shards only joins shard files: give it --output (and --format, --heatmap, --hotspots), no inputs or --shard")
        }
    }

    func run() throws {
        if try common.mergeIfAsked() {
            // The merged table is the unsharded one, so the figures are too.
            let path = common.output!
            let text = try TextFile.utf8Text(path: path, expected: "a \(common.format) prediction table")
            try writeFigures(try ScanSummary(table: text, format: common.format, source: path))
            return
        }
        if try common.shardSpec != nil, heatmap != nil || hotspots != nil {
            throw ValidationError("--heatmap and --hotspots need every shard: give them to the merge (twinpeaks scan --merge-shards n …)")
        }
        let chosen = try positions.map(ScanPositions.init(parsing:)) ?? .all
        var summary = ScanSummary()
        let collect = heatmap != nil || hotspots != nil
        // A failed pair still leaves the others' table, so it leaves their figures too.
        var failedPairs: ExitCode? = nil
        do {
            try common.run(mutationSets: { id, a, b in try chosen.mutationSets(partner1: a, partner2: b, pair: id) },
                           rows: { if collect { summary.add($0) } })
        } catch let exit as ExitCode { failedPairs = exit }
        try writeFigures(summary)
        if let failedPairs { throw failedPairs }
    }

    private func writeFigures(_ summary: ScanSummary) throws {
        if let heatmap { try OutputFile.write(ScanHeatmap(summary).svg(), to: heatmap) }
        if let hotspots { try OutputFile.write(HotspotList.tsv(summary, top: top), to: hotspots) }
    }
}
