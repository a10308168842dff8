// ESM-2's forward pass against the plain reference in ESM2Reference.swift, on random weights of
// the published 8M shape (6 layers, width 320, 20 heads, feed-forward 1,280, 33 tokens):
// hidden states of several layers, a padded batch with a <mask>, the LM head, long-chain windows.
import Foundation
import Testing
import TwinPeaksTensor
@testable import TwinPeaksEmbedding

/// The largest |a − b| over two [T][W] matrices, the production one flat and row-major.
func largestDifference(_ production: ArraySlice<Float>, _ reference: [[Double]]) -> Double {
    let flat = reference.flatMap { $0 }
    precondition(production.count == flat.count, "sizes \(production.count) and \(flat.count)")
    return zip(production, flat).map { abs(Double($0) - $1) }.max() ?? 0
}

@Suite struct ESM2ForwardTests {
    static let shape8M = try! ESM2Configuration.published("esm2_t6_8M_UR50D")

    @Test func alphabetIsFairESMsInItsOrder() throws {
        #expect(ESM2Alphabet.size == 33)
        #expect(ESM2Alphabet.tokens.joined(separator: " ")
                == "<cls> <pad> <eos> <unk> L A G V S E R T I D P N K Q F Y M H W C X B U Z O . - <null_1> <mask>")
        // M = 20, K = 16, V = 7 in fair-esm's table; X is its own token (24), not <unk>.
        #expect(try ESM2Alphabet.encode("MKVx", record: "test") == [0, 20, 16, 7, 24, 2])
        #expect(throws: (any Error).self) { try ESM2Alphabet.encode("MK*", record: "test") }
    }

    @Test func randomWeightsOf8MShapeMatchTheReferenceWithin1e4AtEveryResidueOfLayers0136() throws {
        _ = try TensorThreads.configure(explicit: 2)
        let model = try randomESM2(Self.shape8M, seed: 15)
        let reference = ESM2Reference(model)
        // Two chains of different lengths in one padded batch.
        let chains = ["MKTAYIAKQRQISFVKSHFSRQ", "GSHMWELLKC"]
        for layer in [0, 1, 3, 6] {
            let production = try model.residueRepresentations(chains, layer: layer)
            for (chain, rows) in zip(chains, production) {
                let tokens = try ESM2Alphabet.encode(chain, record: "test")
                let expected = Array(reference.hiddenStates(tokens, layer: layer).dropFirst().dropLast())  // strip <cls>, <eos>
                for residue in 0..<chain.count {
                    let difference = largestDifference(rows[(residue * 320)..<((residue + 1) * 320)], [expected[residue]])
                    #expect(difference < 1e-4, "layer \(layer), chain \(chain), residue \(residue + 1): \(difference) (seed 15)")
                }
            }
        }
    }

    @Test func maskTokensAreZeroedAndEmbeddingsRescaledBy088OverOneMinusTheMaskFraction() throws {
        let model = try randomESM2(Self.shape8M, seed: 16)
        let reference = ESM2Reference(model)
        let tokens = [[0, 20, 32, 7, 5, 32, 9, 2], [0, 4, 5, 2]]  // 2 of 8 masked: ×0.88/0.75; none: ×0.88
        for layer in [0, 2] {
            let (states, mask) = try model.hiddenStates(tokens, layer: layer)
            for (b, sequence) in tokens.enumerated() {
                let start = b * mask.length * 320
                let difference = largestDifference(states.values[start..<(start + sequence.count * 320)],
                                                   reference.hiddenStates(sequence, layer: layer))
                #expect(difference < 1e-4, "layer \(layer), sequence \(b): \(difference)")
            }
        }
        // Hand value: layer 0 of token M (20) in a sequence with 2 of 8 masked is 0.88/0.75 × its embedding row.
        let (states, _) = try model.hiddenStates([tokens[0]], layer: 0)
        let row = model.parameters.value(model.parameters.parameter(named: ESM2Configuration.embeddingName)!).values[(20 * 320)..<(21 * 320)]
        #expect(zip(states.values[320..<640], row).allSatisfy { abs($0 - $1 * 0.88 / 0.75) < 1e-6 })
        #expect(states.values[640..<960].allSatisfy { $0 == 0 })
    }

    @Test func languageModelHeadMatchesTheReferenceLogitsWithin1e4() throws {
        let model = try randomESM2(Self.shape8M, seed: 17)
        let reference = ESM2Reference(model)
        let tokens = [0, 20, 16, 32, 5, 4, 2]
        let logits = try model.logits([tokens])
        let difference = largestDifference(logits.values[...], reference.logits(tokens))
        #expect(difference < 1e-4, "largest logit difference \(difference)")
    }

    @Test func longChainWindowsStepByHalfAWindowEndFlushAndCutHalfwayThroughOverlaps() {
        #expect(ESM2Windows.windows(length: 1022) == [0..<1022])
        #expect(ESM2Windows.windows(length: 1500) == [0..<1022, 478..<1500])
        #expect(ESM2Windows.windows(length: 21, maximum: 8) == [0..<8, 4..<12, 8..<16, 12..<20, 13..<21])
        // By hand: residue r goes to the window where min(r − start, end − 1 − r) is largest, ties to the earlier.
        #expect(ESM2Windows.owners(length: 21, windows: ESM2Windows.windows(length: 21, maximum: 8))
                == [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 4])
    }

    @Test func longChainTakesEachResidueFromItsOwningWindowAsTheReferenceReadsIt() throws {
        let model = try randomESM2(Self.shape8M, seed: 18)
        let reference = ESM2Reference(model)
        let chain = "MKTAYIAKQRQISFVKSHFSR"  // 21 residues, windows of 8 as in the test above
        let rows = try model.residueRepresentations([chain, "ACDE"], layer: 6, windowResidues: 8)[0]
        let windows = ESM2Windows.windows(length: 21, maximum: 8)
        let owners = ESM2Windows.owners(length: 21, windows: windows)
        let expected = windows.map { window -> [[Double]] in
            let residues = String(Array(chain)[window])
            return reference.hiddenStates(try! ESM2Alphabet.encode(residues, record: "test"), layer: 6)
        }
        for residue in 0..<21 {
            let window = windows[owners[residue]]
            let difference = largestDifference(rows[(residue * 320)..<((residue + 1) * 320)],
                                               [expected[owners[residue]][residue - window.lowerBound + 1]])
            #expect(difference < 1e-4, "residue \(residue + 1): \(difference)")
        }
    }
}
