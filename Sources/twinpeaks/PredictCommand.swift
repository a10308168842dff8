// `twinpeaks predict`: ΔG and Kd of partner pairs from FASTA, and ΔΔG of their mutations, from a
// trained model folder. Bad pairs are reported by name; the others still come out.
import ArgumentParser
import Foundation
import TwinPeaksModel

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict binding ΔG (and Kd) of protein pairs and the ΔΔG of their mutations.",
        discussion: """
        Partners come as two FASTA files (record i of --partner1 pairs with record i of --partner2, \
        like paired reads) or one --pairs FASTA with the partners interleaved; '-' reads stdin. A \
        partner of several chains is one record with the chains joined by ':'; name them with a \
        'chains=HL' token in the header, otherwise chain A is partner 1 and B is partner 2 (positions \
        then count across the partner's chains). Mutations: KA15A = wild-type K at position 15 of chain \
        A mutated to A; several joined by commas; from --mutation (every pair) or a --mutations TSV \
        (pair id, mutation list; the pair id is the partner-1 record's first word). Partners longer \
        than the model's residue budget (maxResidues, 256 for the shipped model) are read in fixed \
        tiles of that many residues, starting at multiples of half a tile, the last flush with the \
        partner's end: a mutation set reads, on each partner, the tile whose middle is nearest the \
        mean of its own mutated positions there, and the wild-type ΔG reads the centre tile, so no \
        answer depends on what else is asked (training crops the same way). Output: TSV (or CSV, JSON Lines) with ΔG and ΔΔG in kcal/mol, Kd in M at 298.15 K, \
        and the ensemble's spread; ΔΔG = ΔG(mutant) − ΔG(wild type), positive = weaker binding.
        """)

    @OptionGroup var common: PairPredictionOptions

    @Option(help: "A mutation set to score on every pair, e.g. KA15A or KA15A,DB30N (repeatable).")
    var mutation: [String] = []

    @Option(help: "A TSV of pair id and mutation set per line (a header line 'pair_id<TAB>mutations' is allowed).")
    var mutations: String?

    func validate() throws {
        if common.mergeShards != nil, !mutation.isEmpty || mutations != nil {
            throw ValidationError("--merge-shards only joins shard files: give it --output (and --format), no inputs or --shard")
        }
    }

    func run() throws {
        if try common.mergeIfAsked() { return }
        let byPair = try mutations.map(PredictionJob.mutationSets(fromTSV:)) ?? [:]
        let everyPair = mutation
        try common.run(mutationSets: { id, _, _ in everyPair + (byPair[id] ?? []) }, problems: { job in
            // Mutation rows for a pair id that no pair has would be dropped without a word: name them.
            let orphans = byPair.keys.filter { !job.pairIDs.contains($0) }.sorted()
            guard !orphans.isEmpty, let mutations else { return [] }
            return ["\(mutations): \(orphans.count) pair id(s) match no pair of the partner files: \(orphans.prefix(20).joined(separator: ", "))"
                    + "\(orphans.count > 20 ? ", …" : ""); expected the first word of a partner-1 header"]
        })
    }
}

