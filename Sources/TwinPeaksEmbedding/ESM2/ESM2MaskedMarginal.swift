// Zero-shot mutation scores from the ESM-2 language-model head, by the masked marginal of Meier
// et al. (NeurIPS 2021): mask every mutated position of the wild-type chain at once and sum
//   log p(wild type at i) − log p(mutant at i)
// over the mutated positions. Positive means the model finds the mutant less likely, the sign of
// a destabilising ΔΔG (Meier et al. report the negative, log p(mut) − log p(wt)). In a chain past
// 1,022 residues each position is scored in the window that owns it (ESM2Windows), with that
// window's mutated positions masked together.

import Foundation
import TwinPeaksBio
import TwinPeaksTensor

/// One substitution in a chain: 0-based position, wild-type and mutant one-letter codes.
public struct ESM2Substitution: Equatable, Sendable {
    public var position: Int
    public var wildType: Character
    public var mutant: Character
    public init(position: Int, wildType: Character, mutant: Character) {
        self.position = position
        self.wildType = wildType
        self.mutant = mutant
    }
}

extension ESM2Model {
    /// Σᵢ log p(wtᵢ) − log p(mutᵢ) with every mutated position masked, in nats. `record` names the
    /// chain in errors (a wild-type letter that disagrees with the chain, a position past its end).
    public func maskedMarginalScore(chain: String, substitutions: [ESM2Substitution], record: String = "chain",
                                    windowResidues: Int = ESM2Configuration.maximumResidues) throws -> Double {
        let residues = Array(chain.uppercased())
        for s in substitutions {
            guard residues.indices.contains(s.position) else {
                throw InputError(record, "substitution at position \(s.position + 1), but the chain has \(residues.count) residues")
            }
            guard residues[s.position] == ResidueID.upperCased(s.wildType) else {
                throw InputError(record, "substitution \(s.wildType)\(s.position + 1)\(s.mutant): wild type \(s.wildType), "
                                 + "but the chain has \(residues[s.position]) at \(s.position + 1)")
            }
            guard ESM2Alphabet.token(for: s.mutant) != nil else {
                throw InputError(record, "mutant residue '\(s.mutant)' at \(s.position + 1) is not in the ESM-2 alphabet")
            }
        }
        let rows = try maskedLogProbabilities(chain: chain, positions: substitutions.map(\.position), record: record,
                                              windowResidues: windowResidues)
        return substitutions.reduce(0) { score, s in
            let row = rows[s.position]!
            return score + row[ESM2Alphabet.token(for: s.wildType)!] - row[ESM2Alphabet.token(for: s.mutant)!]
        }
    }

    /// log p(token) over the vocabulary at each of `positions` (0-based) with all of them masked at
    /// once: the part of a masked-marginal score that does not depend on the mutants, so one pass
    /// serves every substitution at the same positions (a saturation scan's 19 mutants at a site).
    public func maskedLogProbabilities(chain: String, positions: [Int], record: String = "chain",
                                       windowResidues: Int = ESM2Configuration.maximumResidues) throws -> [Int: [Double]] {
        let residues = Array(chain.uppercased())
        var tokens = try ESM2Alphabet.encode(String(residues), record: record)
        for position in positions {
            guard residues.indices.contains(position) else {
                throw InputError(record, "masked position \(position + 1), but the chain has \(residues.count) residues")
            }
            tokens[position + 1] = ESM2Alphabet.maskToken
        }
        let windows = ESM2Windows.windows(length: residues.count, maximum: windowResidues)
        let owners = ESM2Windows.owners(length: residues.count, windows: windows)
        var result: [Int: [Double]] = [:]
        for (w, window) in windows.enumerated() {
            let scored = Set(positions.filter { owners[$0] == w })
            guard !scored.isEmpty else { continue }
            let windowTokens = [ESM2Alphabet.classToken] + tokens[(window.lowerBound + 1)..<(window.upperBound + 1)]
                + [ESM2Alphabet.endToken]
            let logits = try self.logits([windowTokens])
            let vocabulary = configuration.vocabularySize
            for position in scored {
                let row = Array(logits.values[((position - window.lowerBound + 1) * vocabulary)...].prefix(vocabulary)).map(Double.init)
                let maximum = row.max()!
                let logNormaliser = maximum + log(row.reduce(0) { $0 + exp($1 - maximum) })
                result[position] = row.map { $0 - logNormaliser }
            }
        }
        return result
    }
}
