// ESM-2 masked-marginal scores of a dataset's mutant records (`twinpeaks score-esm2`), the table
// `evaluate --esm2-scores` reads: per record Σ log p(wild type) − log p(mutant) in nats, each
// mutated chain read alone with all its mutated positions masked at once (ESM2MaskedMarginal).

import Foundation
import TwinPeaksBio
import TwinPeaksEmbedding
import TwinPeaksSplit

public struct MaskedMarginalScores: Sendable, Equatable {
    /// Mutant record id → score in nats (positive = the mutant is less likely, the sign of a
    /// destabilising ΔΔG).
    public var nats: [String: Double]
    /// Record id → the mutation set the score was computed for, so a table made from another
    /// dataset is refused rather than silently joined.
    public var mutations: [String: String]
    /// The model and weights the scores came from.
    public var model: String

    public static let header = "record_id\tcomplex_id\tmutations\tmasked_marginal_nats"

    /// Scores every mutant record of `samples` (in any order of their point mutations). One pass
    /// of the model per chain and set of masked positions: records that share both share the pass.
    /// `progress` is told (records done, records) after each record.
    public init(samples: SampleSet, model: ESM2Model, modelDescription: String,
                progress: ((Int, Int) -> Void)? = nil) throws {
        var cache: [String: [Int: [Double]]] = [:]
        var nats: [String: Double] = [:], mutations: [String: String] = [:]
        for (done, mutant) in samples.mutants.enumerated() {
            let partners = samples.complexes[mutant.complexID]!.partners
            var score = 0.0
            for chainID in Set(mutant.mutations.mutations.map(\.chain)).sorted() {
                guard let (_, chain) = partners.locate(chain: chainID) else {
                    throw InputError(mutant.id, "mutation on chain \(chainID), which is not in complex \(mutant.complexID)")
                }
                let points = mutant.mutations.mutations.filter { $0.chain == chainID }
                for m in points where !(chain.residues.indices.contains(m.residueNumber - 1) && chain.residues[m.residueNumber - 1] == m.wildType) {
                    throw InputError(mutant.id, "mutation \(m): chain \(chainID) has \(chain.residues.count) residues"
                                     + (chain.residues.indices.contains(m.residueNumber - 1) ? " and \(chain.residues[m.residueNumber - 1].oneLetter) at \(m.residueNumber)" : ""))
                }
                let sequence = String(chain.residues.map(\.oneLetter))
                let positions = points.map { $0.residueNumber - 1 }.sorted()
                let key = sequence + "|" + positions.map(String.init).joined(separator: ",")
                if cache[key] == nil {
                    cache[key] = try model.maskedLogProbabilities(chain: sequence, positions: positions,
                                                                  record: "\(mutant.id) chain \(chainID)")
                }
                let rows = cache[key]!
                for m in points {
                    let row = rows[m.residueNumber - 1]!
                    score += row[ESM2Alphabet.token(for: m.wildType)] - row[ESM2Alphabet.token(for: m.mutant)]
                }
            }
            nats[mutant.id] = score
            mutations[mutant.id] = mutant.mutations.description
            progress?(done + 1, samples.mutants.count)
        }
        self.nats = nats
        self.mutations = mutations
        self.model = modelDescription
    }

    public init(nats: [String: Double], mutations: [String: String], model: String) {
        self.nats = nats
        self.mutations = mutations
        self.model = model
    }

    /// The table, rows in `samples`' mutant order; `datasetMD5` is the dataset's provenance digest.
    public func text(samples: SampleSet, datasetMD5: String) -> String {
        var s = "# ESM-2 masked-marginal scores (twinpeaks score-esm2): Σ log p(wild type) − log p(mutant) over the "
            + "mutated positions of each chain, all masked at once, in nats; positive = the mutant is less likely, "
            + "the sign of a destabilising ΔΔG\n"
        s += "# model\t\(model)\n# dataset_provenance_md5\t\(datasetMD5)\n\(Self.header)\n"
        for mutant in samples.mutants {
            guard let value = nats[mutant.id] else { continue }
            s += "\(mutant.id)\t\(mutant.complexID)\t\(mutant.mutations)\t\(String(format: "%.6f", value))\n"
        }
        return s
    }

    public func write(to path: String, samples: SampleSet, datasetMD5: String) throws {
        try OutputFile.write(text(samples: samples, datasetMD5: datasetMD5), to: path)
    }

    /// Reads a table written by `write`. Errors name the file and line.
    public init(path: String) throws {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw InputError(path, "cannot read the ESM-2 scores file; expected the output of `twinpeaks score-esm2`")
        }
        var nats: [String: Double] = [:], mutations: [String: String] = [:], model = "", sawHeader = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let place = "\(path):\(index + 1)"
            if line.hasPrefix("# model\t") { model = String(line.dropFirst("# model\t".count)); continue }
            if line.hasPrefix("#") { continue }
            guard sawHeader else {
                guard line == Self.header else { throw InputError(place, "header '\(line)', expected '\(Self.header)'") }
                sawHeader = true
                continue
            }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 4, let value = Double(cells[3]), value.isFinite else {
                throw InputError(place, "expected 4 tab-separated fields ending in a finite score in nats, got '\(line)'")
            }
            guard nats.updateValue(value, forKey: cells[0]) == nil else { throw InputError(place, "record \(cells[0]) appears twice") }
            mutations[cells[0]] = cells[2]
        }
        guard sawHeader else { throw InputError(path, "no header line; expected '\(Self.header)'") }
        self.init(nats: nats, mutations: mutations, model: model)
    }
}

extension SampleSet {
    /// The same samples with each mutant record carrying its masked-marginal score, so that the
    /// ΔΔG baselines gain the zero-shot row and the trees, ridge and wide paths read the score as
    /// one more descriptor. Every record must have a score for the same mutations; `source` names
    /// the table in errors.
    public func withMaskedMarginals(_ scores: MaskedMarginalScores, source: String) throws -> SampleSet {
        var copy = self
        for (i, mutant) in mutants.enumerated() {
            guard let value = scores.nats[mutant.id] else {
                throw InputError(source, "no score for mutant record \(mutant.id) (\(mutant.complexID) \(mutant.mutations)); "
                                 + "expected one per record of the dataset: rerun `twinpeaks score-esm2` on it")
            }
            guard scores.mutations[mutant.id] == mutant.mutations.description else {
                throw InputError(source, "record \(mutant.id) was scored for \(scores.mutations[mutant.id] ?? "?"), but the dataset "
                                 + "has \(mutant.mutations); expected a table made from this dataset")
            }
            copy.mutants[i].maskedMarginalNats = value
        }
        return copy
    }
}
